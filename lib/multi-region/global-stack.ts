/**
 * The shared parts of a multi-region deployment, once, in the home region: the global tables, the
 * multi-Region wrapping key's primary and the first signing key, the used-token cleanup, the hosted
 * error page and the overview dashboard. Its outputs are what the admin CLI reads (it writes here).
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { JWKS_ROUTE_PATH, SSO_ROUTE_PATH } from '../api';
import { PROFILE_MAX_AGE_SECONDS, PROFILE_PATH_PREFIX } from '../../lambdas/core/public-profile';
import { ErrorSite } from '../error-site';
import { regionalOriginName, type MultiRegionSettings } from '../regions';
import { STACK_OUTPUTS } from '../stack-outputs';
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
}

export class InfoauthGlobalStack extends Stack {
  readonly tables: GlobalTables;
  readonly wrappingKey: PrimaryWrappingKey;
  readonly keyRing: KeyRingSetup;
  readonly cleanup: UsedTokenCleanup;
  readonly errorSite: ErrorSite;
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
    this.keyRing = new KeyRingSetup(this, 'Signing', { key: this.wrappingKey.key, configs: this.tables.configs });
    this.cleanup = new UsedTokenCleanup(this, 'Cleanup', { usedTokens: this.tables.usedTokens });
    this.errorSite = new ErrorSite(this, 'ErrorPage', { pageDir: props.errorPageDir, standalone: true });
    // Profiles come from the nearest healthy region, through the latency record of the regional APIs.
    this.errorSite.serveProfilesFrom(
      regionalOriginName(settings.domainName),
      `${PROFILE_PATH_PREFIX}*`,
      Duration.seconds(PROFILE_MAX_AGE_SECONDS),
    );
    this.overview = new OverviewDashboard(this, 'Overview', { regions: settings.regions, tables: names });

    const base = `https://${settings.domainName}`;
    const output = (name: string, value: string, description: string) =>
      new CfnOutput(this, name, { value, description });
    output(STACK_OUTPUTS.ssoUrl, `${base}${SSO_ROUTE_PATH}`, 'The SSO URL to hand to clients');
    output(STACK_OUTPUTS.jwksUrl, `${base}${JWKS_ROUTE_PATH}`, 'Where target applications get the public keys');
    output(STACK_OUTPUTS.errorPageUrl, this.errorSite.url, 'The hosted error page');
    output(STACK_OUTPUTS.configTable, names.configs, 'SSO configurations and the key ring (global table)');
    output(STACK_OUTPUTS.featureTable, names.features, 'Feature settings (global table)');
    output(STACK_OUTPUTS.auditTable, names.audit, 'Audit trail of admin changes (global table)');
    output(STACK_OUTPUTS.usedTokenTable, names.usedTokens, 'Used token ids (global table, strong consistency)');
    output(STACK_OUTPUTS.ssoLogGroup, ssoLogGroupName(appName), 'The SSO function log group, in every region');
    output(STACK_OUTPUTS.signingMode, 'wrapped', 'How assertions are signed');
    output(STACK_OUTPUTS.keyEncryptionKeyId, this.wrappingKey.key.keyArn, 'Multi-Region key that wraps the keys');
    output(STACK_OUTPUTS.dashboardName, this.overview.dashboard.dashboardName, 'CloudWatch dashboard (all regions)');
    output(STACK_OUTPUTS.homeRegion, settings.homeRegion, 'Where the admin CLI writes');
  }
}
