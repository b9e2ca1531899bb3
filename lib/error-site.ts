/**
 * The hosted error page: a private S3 bucket (all public access blocked, TLS only) that only CloudFront
 * may read (origin access control), served with the page's security headers, and filled by
 * BucketDeployment from the folder error-page/build.ts writes.
 *
 * Two ways to serve it:
 * - behind the edge (the default): the edge's distribution serves the page under `/error/` (the files
 *   are under `error/` in the bucket), next to the SSO URL; call {@link ErrorSite.publishThrough}.
 * - standalone (`-c infoauth:edge=false`): a distribution of its own serves the page at its root.
 *
 * BucketDeployment's handler gets a role of our own with explicit actions: its built-in grants use
 * wildcard actions (s3:GetObject*, s3:List*, ...), which this project does not allow.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  OriginProtocolPolicy,
  Distribution,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { ERROR_PAGE_SECURITY_HEADERS } from '../error-page/build';
import { errorPageResponseHeaders } from './error-page-headers';

export interface ErrorSiteProps {
  /** The folder `buildErrorPage()` wrote (index.html and its script and stylesheet). */
  readonly pageDir: string;
  /** True: a distribution of its own, the page at its root. False: wait for {@link ErrorSite.publishThrough}. */
  readonly standalone: boolean;
}

/** Where and with what the page is published. */
interface Publication {
  readonly distribution: Distribution;
  /** `''` (standalone) or `error/` (behind the edge). */
  readonly keyPrefix: string;
  /** Files beside the page, by name. */
  readonly extraFiles: Readonly<Record<string, string>>;
}

export class ErrorSite extends Construct {
  readonly bucket: Bucket;
  /** The page's security headers (CSP, HSTS, no-referrer, …), for whichever distribution serves it. */
  readonly headers: ResponseHeadersPolicy;
  /** Standalone only: the page's own distribution. */
  readonly distribution?: Distribution;
  private readonly pageDir: string;
  private published?: BucketDeployment;
  private profileCache?: CachePolicy;

  constructor(scope: Construct, id: string, props: ErrorSiteProps) {
    super(scope, id);
    this.pageDir = props.pageDir;
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // The deployment removes the page's files when the stack is deleted; then the bucket can go too.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Infoauth error page: CSP, HSTS, no-referrer and the rest of ERROR_PAGE_SECURITY_HEADERS',
      ...errorPageResponseHeaders(ERROR_PAGE_SECURITY_HEADERS),
    });
    this.acknowledgeBucketFindings();
    if (props.standalone) {
      this.distribution = this.standaloneDistribution();
      this.published = this.deploy({ distribution: this.distribution, keyPrefix: '', extraFiles: {} });
    }
  }

  /**
   * Behind the edge: copies the page into the bucket under `keyPrefix` (with `extraFiles` beside it) and
   * invalidates the edge's cached copy on every deployment.
   */
  publishThrough(distribution: Distribution, keyPrefix: string, extraFiles: Readonly<Record<string, string>>): void {
    if (this.published) throw new Error('The error page is already published.');
    this.published = this.deploy({ distribution, keyPrefix, extraFiles });
  }

  /** The deployment that fills the bucket (after {@link publishThrough} when behind the edge). */
  get deployment(): BucketDeployment {
    if (!this.published) throw new Error('The error page is not published yet.');
    return this.published;
  }

  /** Standalone only: the page's URL, the one the SSO function redirects to with `?code=…&ref=…`. */
  get url(): string {
    if (!this.distribution)
      throw new Error('Behind the edge, the page URL is the edge one (InfoauthEdge.errorPageUrl).');
    return `https://${this.distribution.distributionDomainName}/`;
  }

  private standaloneDistribution(): Distribution {
    const distribution = new Distribution(this, 'Distribution', {
      comment: 'Infoauth hosted error page',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        // The page reads code and ref in the browser; one cached copy serves every query string.
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
      },
      // Any other path shows the page too (S3 answers 403 for a missing object behind OAC).
      errorResponses: [
        { httpStatus: 403, responseHttpStatus: 404, responsePagePath: '/index.html', ttl: Duration.minutes(5) },
        { httpStatus: 404, responseHttpStatus: 404, responsePagePath: '/index.html', ttl: Duration.minutes(5) },
      ],
    });
    this.acknowledgeDistributionFindings(distribution);
    return distribution;
  }

  /**
   * The cache policy of `GET /profiles/<clientId>` (a client's public profile, which the page reads under
   * `connect-src 'self'`, so from the page's own origin): keyed on the path alone, cached for as long as
   * the function says (at most `maxAge`): one cached read per page view, a change shown within minutes.
   */
  profileCachePolicy(maxAge: Duration): CachePolicy {
    this.profileCache ??= new CachePolicy(this, 'ProfileCache', {
      comment: 'Infoauth public profiles: keyed on the path only, at most the function max-age',
      minTtl: Duration.seconds(0),
      defaultTtl: maxAge,
      maxTtl: maxAge,
      queryStringBehavior: CacheQueryStringBehavior.none(),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    return this.profileCache;
  }

  /**
   * Standalone only: serves the profiles from the SSO API on the page's own distribution. Behind the
   * edge, the edge serves them (InfoauthEdge.addSsoOriginBehavior), with its origin secret.
   */
  serveProfilesFrom(apiDomainName: string, pathPattern: string, maxAge: Duration): void {
    if (!this.distribution) throw new Error('Behind the edge, the edge serves the profiles.');
    this.distribution.addBehavior(
      pathPattern,
      new HttpOrigin(apiDomainName, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
      {
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: this.profileCachePolicy(maxAge),
        responseHeadersPolicy: this.headers,
      },
    );
  }

  private deploy({ distribution, keyPrefix, extraFiles }: Publication): BucketDeployment {
    const files = new Asset(this, 'PageFiles', { path: this.pageDir });
    const logs = new LogGroup(this, 'DeploymentLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Infoauth error page deployment: copies the page files into the bucket',
    });
    logs.grantWrite(role);
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadPageFilesAsset',
        actions: ['s3:GetObject'],
        resources: [files.bucket.arnForObjects(files.s3ObjectKey)],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({ sid: 'ListPageBucket', actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReplacePageFiles',
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'InvalidatePageCache',
        actions: ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'],
        resources: [
          Stack.of(this).formatArn({
            service: 'cloudfront',
            region: '',
            resource: 'distribution',
            resourceName: distribution.distributionId,
          }),
        ],
      }),
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).resolve((this.bucket.node.defaultChild as CfnBucket).logicalId)}.Arn>/*]`,
      reason:
        'The deployment replaces the page as a whole (sync with prune) in a bucket that holds nothing but the page; actions are listed one by one.',
    });
    const deployment = new BucketDeployment(this, 'Deployment', {
      sources: [
        Source.bucket(files.bucket, files.s3ObjectKey),
        ...Object.entries(extraFiles).map(([name, body]) => Source.data(name, body)),
      ],
      destinationBucket: this.bucket,
      ...(keyPrefix ? { destinationKeyPrefix: keyPrefix } : {}),
      distribution,
      distributionPaths: [`/${keyPrefix}*`],
      // Our statements above are the whole policy: BucketDeployment's own (wildcard) grants are dropped.
      role: role.withoutPolicyUpdates(),
      logGroup: logs,
      memoryLimit: 256,
      retainOnDelete: false,
      prune: true,
    });
    // BucketDeployment's handler is one function per stack, chosen (with its Python runtime) by aws-cdk-lib.
    for (const child of Stack.of(this).node.children) {
      if (child.node.id.startsWith('Custom::CDKBucketDeployment')) {
        Validations.of(child).acknowledge({
          id: 'AwsSolutions-L1',
          reason:
            "aws-cdk-lib's BucketDeployment handler runs only during deployments, on the Python runtime aws-cdk-lib chooses for its bundled AWS CLI.",
        });
      }
    }
    return deployment;
  }

  private acknowledgeBucketFindings(): void {
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket holds only the static error page, written by the deployment; reads reach it only through CloudFront, and each failed sign-in is already logged by the SSO function with its ref.',
    });
  }

  private acknowledgeDistributionFindings(distribution: Distribution): void {
    Validations.of(distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'The error page must be reachable from wherever the users of client organisations sign in.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          "Built with -c infoauth:edge=false: no web ACL, by the operator's choice (docs/deploy.md says what that gives up). The page is static and cached, with no input processing.",
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'Standard logs of a static page would need a logging bucket and hold only code and ref, which the SSO function logs already.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The distribution uses the default *.cloudfront.net certificate, for which CloudFront fixes the TLS policy; set a custom domain and certificate to choose TLSv1.2_2021.',
      },
    );
  }
}
