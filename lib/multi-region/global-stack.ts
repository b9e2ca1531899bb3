/**
 * The shared parts of a multi-region deployment, once, in the home region: the global tables, the
 * multi-Region wrapping key's primary and the first signing key, the used-token cleanup, the hosted
 * error page, the edge (one CloudFront distribution on `infoauth:domainName`, with the us-east-1 web ACL
 * and /sso origin-response function, whose SSO origin is the regions' latency record
 * `origin.<domainName>`) and the overview dashboard. Its outputs are what the admin CLI reads (it writes
 * here).
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PROFILE_MAX_AGE_SECONDS, PROFILE_PATH_PREFIX } from '../../lambdas/core/public-profile';
import { InfoauthEdge } from '../edge';
import { ERROR_PAGE_KEY_PREFIX, ORIGIN_FAILURE_FILE, originFailurePage } from '../edge-paths';
import { ErrorSite } from '../error-site';
import { regionalOriginName, type MultiRegionSettings } from '../regions';
import { STACK_OUTPUTS } from '../../lambdas/core/deployment';
import { GlobalTables } from './global-tables';
import { KeyRingSetup } from './key-ring-setup';
import { globalTableNames, ssoLogGroupName, ssoRoleName } from './names';
import { OverviewDashboard } from './overview-dashboard';
import { UsedTokenCleanup } from './used-token-cleanup';
import { PrimaryWrappingKey } from './wrapping-key';

export interface InfoauthGlobalStackProps extends StackProps {
  readonly settings: MultiRegionSettings;
  /** The prefix of every fixed name (the CLI's default stack name). */
  readonly appName: string;
  readonly errorPageDir: string;
  /** The us-east-1 parts of the edge (lib/edge-waf.ts): the web ACL and the /sso origin-response function. */
  readonly edgeWaf: { readonly webAclArn: string; readonly originResponseVersionArn: string };
}

export class InfoauthGlobalStack extends Stack {
  readonly tables: GlobalTables;
  readonly wrappingKey: PrimaryWrappingKey;
  readonly keyRing: KeyRingSetup;
  readonly cleanup: UsedTokenCleanup;
  readonly errorSite: ErrorSite;
  readonly edge: InfoauthEdge;
  readonly overview: OverviewDashboard;

  constructor(scope: Construct, id: string, props: InfoauthGlobalStackProps) {
    super(scope, id, props);
    const { settings, appName } = props;
    const names = globalTableNames(appName);
    this.tables = new GlobalTables(this, 'Tables', {
      names,
      replicaRegions: settings.regions.filter((region) => region !== this.region),
    });
    const homeSsoRoleArn = this.formatArn({
      service: 'iam',
      region: '',
      resource: 'role',
      resourceName: ssoRoleName(appName, settings.homeRegion),
    });
    this.wrappingKey = new PrimaryWrappingKey(this, 'WrappingKey', { homeSsoRoleArn });
    this.keyRing = new KeyRingSetup(this, 'Signing', {
      key: this.wrappingKey.key,
      configs: this.tables.configs,
      audit: this.tables.audit,
    });
    this.wrappingKey.allowKeyMakers([this.keyRing.keySetup.role, this.keyRing.keysRotate.role]);
    this.cleanup = new UsedTokenCleanup(this, 'Cleanup', { usedTokens: this.tables.usedTokens });
    this.errorSite = new ErrorSite(this, 'ErrorPage', { pageDir: props.errorPageDir, standalone: false });
    // The one entry point: the regions sit behind it, reached through their latency record.
    this.edge = new InfoauthEdge(this, 'Edge', {
      ssoOriginDomain: regionalOriginName(settings.domainName),
      errorPage: { bucket: this.errorSite.bucket, headers: this.errorSite.headers },
      webAclArn: props.edgeWaf.webAclArn,
      originResponseVersionArn: props.edgeWaf.originResponseVersionArn,
      domain: {
        name: settings.domainName,
        certificateArn: settings.certificateArn,
        hostedZoneId: settings.hostedZoneId,
      },
      originSecretReplicaRegions: settings.regions.filter((region) => region !== this.region),
    });
    this.errorSite.publishThrough(this.edge.distribution, ERROR_PAGE_KEY_PREFIX, {
      [ORIGIN_FAILURE_FILE]: originFailurePage(),
    });
    // Profiles come from the nearest healthy region too, with the origin secret.
    this.edge.addSsoOriginBehavior(`${PROFILE_PATH_PREFIX}*`, {
      cachePolicy: this.errorSite.profileCachePolicy(Duration.seconds(PROFILE_MAX_AGE_SECONDS)),
      responseHeadersPolicy: this.errorSite.headers,
    });
    this.overview = new OverviewDashboard(this, 'Overview', { regions: settings.regions, tables: names });

    const output = (name: string, value: string, description: string) =>
      new CfnOutput(this, name, { value, description });
    output(STACK_OUTPUTS.ssoUrl, this.edge.ssoUrl, 'The SSO URL to hand to clients');
    output(STACK_OUTPUTS.jwksUrl, this.edge.jwksUrl, 'Where target applications get the public keys');
    output(STACK_OUTPUTS.errorPageUrl, this.edge.errorPageUrl, 'The hosted error page');
    output(STACK_OUTPUTS.edgeDistributionId, this.edge.distribution.distributionId, 'The edge distribution');
    output(STACK_OUTPUTS.configTable, names.configs, 'SSO configurations and the key ring (global table)');
    output(STACK_OUTPUTS.featureTable, names.features, 'Feature settings (global table)');
    output(STACK_OUTPUTS.auditTable, names.audit, 'Audit trail of admin changes (global table)');
    output(STACK_OUTPUTS.usedTokenTable, names.usedTokens, 'Used token ids (global table, strong consistency)');
    output(STACK_OUTPUTS.ssoLogGroup, ssoLogGroupName(appName), 'The SSO function log group, in every region');
    output(STACK_OUTPUTS.signingMode, 'wrapped', 'How assertions are signed');
    output(STACK_OUTPUTS.keyEncryptionKeyId, this.wrappingKey.key.keyArn, 'Multi-Region key that wraps the keys');
    output(
      STACK_OUTPUTS.keysRotateRoleArn,
      this.keyRing.keysRotate.role.roleArn,
      'Assume this role to run admin keys rotate',
    );
    output(STACK_OUTPUTS.dashboardName, this.overview.dashboard.dashboardName, 'CloudWatch dashboard (all regions)');
    output(STACK_OUTPUTS.homeRegion, settings.homeRegion, 'Where the admin CLI writes');
  }
}
