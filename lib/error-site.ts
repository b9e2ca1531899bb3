/**
 * The hosted error page: a private S3 bucket (all public access blocked, TLS only) that only this
 * CloudFront distribution may read (origin access control), served with the page's security headers,
 * and filled by BucketDeployment from the folder error-page/build.ts writes.
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
}

export class ErrorSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly deployment: BucketDeployment;
  private readonly headersPolicy: ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: ErrorSiteProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // The deployment removes the page's files when the stack is deleted; then the bucket can go too.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const headers = (this.headersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Infoauth error page: CSP, HSTS, no-referrer and the rest of ERROR_PAGE_SECURITY_HEADERS',
      ...errorPageResponseHeaders(ERROR_PAGE_SECURITY_HEADERS),
    }));
    this.distribution = new Distribution(this, 'Distribution', {
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
        responseHeadersPolicy: headers,
      },
      // Any other path shows the page too (S3 answers 403 for a missing object behind OAC).
      errorResponses: [
        { httpStatus: 403, responseHttpStatus: 404, responsePagePath: '/index.html', ttl: Duration.minutes(5) },
        { httpStatus: 404, responseHttpStatus: 404, responsePagePath: '/index.html', ttl: Duration.minutes(5) },
      ],
    });
    this.deployment = this.deploy(props.pageDir);
    this.acknowledgeFindings();
  }

  /**
   * Serves `GET /profiles/<clientId>` (a client's public profile) from the SSO API on the page's own
   * origin, so the page reads it under `connect-src 'self'`. CloudFront caches each answer for as long
   * as the function says (at most `maxAge`), keyed on the path alone: one cached read per page view, and
   * a profile change shows within 5 minutes.
   */
  serveProfilesFrom(apiDomainName: string, pathPattern: string, maxAge: Duration): void {
    const cachePolicy = new CachePolicy(this, 'ProfileCache', {
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
    this.distribution.addBehavior(
      pathPattern,
      new HttpOrigin(apiDomainName, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
      {
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy,
        responseHeadersPolicy: this.headersPolicy,
      },
    );
  }

  /** The page's URL, the one the SSO function redirects to with `?code=…&ref=…`. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}/`;
  }

  private deploy(pageDir: string): BucketDeployment {
    const files = new Asset(this, 'PageFiles', { path: pageDir });
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
            resourceName: this.distribution.distributionId,
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
      sources: [Source.bucket(files.bucket, files.s3ObjectKey)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
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

  private acknowledgeFindings(): void {
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket holds only the static error page, written by the deployment; reads reach it only through CloudFront, and each failed sign-in is already logged by the SSO function with its ref.',
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'The error page must be reachable from wherever the users of client organisations sign in.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'A static, cached page with no input processing; WAF would add a monthly cost with nothing to protect. Add a web ACL if your policy requires one.',
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
