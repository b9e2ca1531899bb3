/**
 * The main Infoauth stack: tables, the SSO function behind the HTTP API, the hosted error page,
 * assertion signing in the chosen mode, the edge (CloudFront in front of the API and the page, unless
 * built with `-c infoauth:edge=false`), the dashboard and alarms, and the outputs the admin CLI reads.
 * The edge's web ACL is in a stack of its own in us-east-1 (lib/edge-waf.ts); its ARN comes in as a prop.
 */
import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { STACK_OUTPUTS, type SigningMode } from '../lambdas/core/deployment';
import { JWKS_ROUTE_PATH, SSO_ROUTE_PATH, SsoApi } from './api';
import { InfoauthEdge } from './edge';
import { addEdgeWidgets, apiServerErrorAlarm } from './edge-monitoring';
import { ERROR_PAGE_KEY_PREFIX, ORIGIN_FAILURE_FILE, originFailurePage } from './edge-paths';
import type { EdgeDomain } from './edge-settings';
import { ErrorSite } from './error-site';
import { InfoauthMonitoring } from './monitoring';
import { AssertionSigning } from './signing';
import { SsoFunction } from './sso-function';
import { PROFILE_MAX_AGE_SECONDS, PROFILE_PATH_PREFIX } from '../lambdas/core/public-profile';
import { InfoauthTables } from './tables';

export interface InfoauthStackProps extends StackProps {
  readonly signingMode: SigningMode;
  /** The folder `buildErrorPage()` wrote. */
  readonly errorPageDir: string;
  /** CloudFront in front (the default); undefined builds the stack without it (`infoauth:edge=false`). */
  readonly edge?: {
    /** The CLOUDFRONT-scope web ACL's ARN and name (lib/edge-waf.ts). */
    readonly webAclArn?: string;
    readonly webAclName?: string;
    /** The /sso origin-response function's version (lib/edge-response.ts, in us-east-1). */
    readonly originResponseVersionArn?: string;
    readonly domain?: EdgeDomain;
  };
}

/** Where browsers and target applications find the service. */
export interface PublicUrls {
  /** The assertions' `iss`, without a trailing slash. */
  readonly issuer: string;
  readonly ssoUrl: string;
  readonly jwksUrl: string;
  readonly errorPageUrl: string;
}

export class InfoauthStack extends Stack {
  readonly tables: InfoauthTables;
  readonly signing: AssertionSigning;
  readonly errorSite: ErrorSite;
  readonly api: SsoApi;
  /** Undefined when built with `infoauth:edge=false`. */
  readonly edge?: InfoauthEdge;
  readonly urls: PublicUrls;
  readonly sso: SsoFunction;
  readonly monitoring: InfoauthMonitoring;

  constructor(scope: Construct, id: string, props: InfoauthStackProps) {
    super(scope, id, props);
    this.tables = new InfoauthTables(this, 'Tables');
    this.signing = new AssertionSigning(this, 'Signing', { mode: props.signingMode, tables: this.tables });
    this.errorSite = new ErrorSite(this, 'ErrorPage', { pageDir: props.errorPageDir, standalone: !props.edge });
    // The API exists before the function (the issuer is its URL, or the edge's in front of it); its routes come after.
    this.api = new SsoApi(this, 'Api');
    if (props.edge) {
      this.edge = new InfoauthEdge(this, 'Edge', {
        ssoOriginDomain: this.api.domainName,
        errorPage: { bucket: this.errorSite.bucket, headers: this.errorSite.headers },
        ...props.edge,
      });
      this.errorSite.publishThrough(this.edge.distribution, ERROR_PAGE_KEY_PREFIX, {
        [ORIGIN_FAILURE_FILE]: originFailurePage(),
      });
    }
    this.urls = this.edge
      ? {
          issuer: this.edge.baseUrl,
          ssoUrl: this.edge.ssoUrl,
          jwksUrl: this.edge.jwksUrl,
          errorPageUrl: this.edge.errorPageUrl,
        }
      : {
          issuer: this.api.baseUrl,
          ssoUrl: `${this.api.baseUrl}${SSO_ROUTE_PATH}`,
          jwksUrl: `${this.api.baseUrl}${JWKS_ROUTE_PATH}`,
          errorPageUrl: this.errorSite.url,
        };
    this.sso = new SsoFunction(this, 'Sso', {
      tables: this.tables,
      environment: {
        INFOAUTH_ISSUER: this.urls.issuer,
        INFOAUTH_ERROR_PAGE_URL: this.urls.errorPageUrl,
        ...this.signing.functionEnvironment,
        ...this.edge?.functionEnvironment,
      },
    });
    this.edge?.grantOriginSecretRead(this.sso.role);
    this.signing.grantSigning(this.sso.role);
    this.api.routeTo(this.sso.function);
    // The error page reads a client's public profile from its own origin (connect-src 'self').
    const profiles = `${PROFILE_PATH_PREFIX}*`;
    const profileMaxAge = Duration.seconds(PROFILE_MAX_AGE_SECONDS);
    if (this.edge) {
      this.edge.addSsoOriginBehavior(profiles, {
        cachePolicy: this.errorSite.profileCachePolicy(profileMaxAge),
        responseHeadersPolicy: this.errorSite.headers,
      });
    } else {
      this.errorSite.serveProfilesFrom(this.api.domainName, profiles, profileMaxAge);
    }
    this.monitoring = new InfoauthMonitoring(this, 'Monitoring', {
      sso: this.sso,
      api: this.api,
      tables: this.tables,
    });
    // The API's 5xx in both shapes; behind the edge, its widgets (the edge's alarms are in us-east-1).
    apiServerErrorAlarm(this.monitoring, this.api.stage, this.monitoring.topic);
    if (this.edge && props.edge?.webAclName) {
      addEdgeWidgets(
        this.monitoring.dashboard,
        { distributionId: this.edge.distribution.distributionId, webAclName: props.edge.webAclName },
        this.api.stage,
      );
    }
    this.addOutputs(props.signingMode);
    this.acknowledgeFindings();
  }

  private output(name: string, value: string, description: string): void {
    new CfnOutput(this, name, { value, description });
  }

  private addOutputs(mode: SigningMode): void {
    this.output(STACK_OUTPUTS.ssoUrl, this.urls.ssoUrl, 'The SSO URL to hand to clients');
    this.output(STACK_OUTPUTS.jwksUrl, this.urls.jwksUrl, 'Where target applications get the public keys');
    this.output(STACK_OUTPUTS.errorPageUrl, this.urls.errorPageUrl, 'The hosted error page');
    this.output(STACK_OUTPUTS.issuer, this.urls.issuer, 'The iss of every assertion');
    if (this.edge) {
      this.output(
        STACK_OUTPUTS.edgeDomainName,
        this.edge.distribution.distributionDomainName,
        'The CloudFront name: the target of your DNS record for a custom domain',
      );
      this.output(STACK_OUTPUTS.edgeDistributionId, this.edge.distribution.distributionId, 'The edge distribution');
    }
    this.output(STACK_OUTPUTS.configTable, this.tables.configs.tableName, 'SSO configurations and the key ring');
    this.output(STACK_OUTPUTS.featureTable, this.tables.features.tableName, 'Feature settings (SSO on/off per CID)');
    this.output(STACK_OUTPUTS.usedTokenTable, this.tables.usedTokens.tableName, 'Used token ids (TTL)');
    this.output(STACK_OUTPUTS.auditTable, this.tables.audit.tableName, 'Audit trail of admin changes (admin audit)');
    this.output(STACK_OUTPUTS.ssoLogGroup, this.sso.logGroup.logGroupName, 'The SSO function log group (admin find)');
    this.output(STACK_OUTPUTS.signingMode, mode, 'How assertions are signed: wrapped or kms');
    if (mode === 'wrapped') {
      this.output(STACK_OUTPUTS.keyEncryptionKeyId, this.signing.key.keyArn, 'KMS key that wraps the signing keys');
    } else {
      this.output(STACK_OUTPUTS.signingKeyId, this.signing.key.keyArn, 'KMS key that signs the assertions');
    }
    this.output(
      STACK_OUTPUTS.keysRotateRoleArn,
      this.signing.keysRotate.role.roleArn,
      'Assume this role to run admin keys rotate',
    );
    this.output(
      STACK_OUTPUTS.ssoFunctionRoleArn,
      this.sso.role.roleArn,
      'The SSO function role (keys rotate, kms mode)',
    );
    this.output(STACK_OUTPUTS.dashboardName, this.monitoring.dashboard.dashboardName, 'CloudWatch dashboard');
    this.output(STACK_OUTPUTS.alarmTopicArn, this.monitoring.topic.topicArn, 'Subscribe here for alarms');
  }

  /** Findings on resources that aws-cdk-lib creates for us, each with why it is acceptable. */
  private acknowledgeFindings(): void {
    Validations.of(this.sso.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing (Tracing.ACTIVE): xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
    });
  }
}
