/**
 * The one Infoauth stack: tables, the SSO function behind the HTTP API, the hosted error page,
 * assertion signing in the chosen mode, the dashboard and alarms, and the outputs the admin CLI reads.
 */
import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { SigningMode } from '../tools/admin/stack-target';
import { JWKS_ROUTE_PATH, SSO_ROUTE_PATH, SsoApi } from './api';
import { ErrorSite } from './error-site';
import { InfoauthMonitoring } from './monitoring';
import { AssertionSigning } from './signing';
import { SsoFunction } from './sso-function';
import { STACK_OUTPUTS } from './stack-outputs';
import { PROFILE_MAX_AGE_SECONDS, PROFILE_PATH_PREFIX } from '../lambdas/core/public-profile';
import { InfoauthTables } from './tables';

export interface InfoauthStackProps extends StackProps {
  readonly signingMode: SigningMode;
  /** The folder `buildErrorPage()` wrote. */
  readonly errorPageDir: string;
}

export class InfoauthStack extends Stack {
  readonly tables: InfoauthTables;
  readonly signing: AssertionSigning;
  readonly errorSite: ErrorSite;
  readonly api: SsoApi;
  readonly sso: SsoFunction;
  readonly monitoring: InfoauthMonitoring;

  constructor(scope: Construct, id: string, props: InfoauthStackProps) {
    super(scope, id, props);
    this.tables = new InfoauthTables(this, 'Tables');
    this.signing = new AssertionSigning(this, 'Signing', { mode: props.signingMode, tables: this.tables });
    this.errorSite = new ErrorSite(this, 'ErrorPage', { pageDir: props.errorPageDir });
    // The API exists before the function (the issuer is its URL); its routes come after.
    this.api = new SsoApi(this, 'Api');
    this.sso = new SsoFunction(this, 'Sso', {
      tables: this.tables,
      environment: {
        INFOAUTH_ISSUER: this.api.baseUrl,
        INFOAUTH_ERROR_PAGE_URL: this.errorSite.url,
        ...this.signing.functionEnvironment,
      },
    });
    this.signing.grantSigning(this.sso.role);
    this.api.routeTo(this.sso.function);
    this.errorSite.serveProfilesFrom(
      this.api.domainName,
      `${PROFILE_PATH_PREFIX}*`,
      Duration.seconds(PROFILE_MAX_AGE_SECONDS),
    );
    this.monitoring = new InfoauthMonitoring(this, 'Monitoring', {
      sso: this.sso,
      api: this.api,
      tables: this.tables,
    });
    this.addOutputs(props.signingMode);
    this.acknowledgeFindings();
  }

  private output(name: string, value: string, description: string): void {
    new CfnOutput(this, name, { value, description });
  }

  private addOutputs(mode: SigningMode): void {
    const base = this.api.baseUrl;
    this.output(STACK_OUTPUTS.ssoUrl, `${base}${SSO_ROUTE_PATH}`, 'The SSO URL to hand to clients');
    this.output(STACK_OUTPUTS.jwksUrl, `${base}${JWKS_ROUTE_PATH}`, 'Where target applications get the public keys');
    this.output(STACK_OUTPUTS.errorPageUrl, this.errorSite.url, 'The hosted error page');
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
