/**
 * The stacks of a three-region deployment: the edge's web ACL and origin-response function in us-east-1,
 * the shared stack in the home region (named like the single stack, so the admin CLI's default `--stack`
 * finds it; it holds the edge's distribution), one stack per region, which read the shared stack's
 * wrapping key and origin secret across regions (CDK's cross-region references), and the edge's alarms
 * in us-east-1.
 */
import type { App } from 'aws-cdk-lib';
import { EdgeAlarmsStack } from '../edge-monitoring';
import { EdgeWafStack, WAF_REGION } from '../edge-waf';
import type { MultiRegionSettings } from '../regions';
import { InfoauthGlobalStack } from './global-stack';
import { regionalStackName } from './names';
import { InfoauthRegionalStack } from './regional-stack';

export interface MultiRegionStacks {
  /** us-east-1: the edge's web ACL and /sso origin-response function. */
  readonly edgeWaf: EdgeWafStack;
  readonly global: InfoauthGlobalStack;
  /** In the order of the settings: the home region first. */
  readonly regional: readonly InfoauthRegionalStack[];
  /** us-east-1: the edge's alarms. */
  readonly edgeAlarms: EdgeAlarmsStack;
}

export function addMultiRegionStacks(
  app: App,
  settings: MultiRegionSettings,
  options: {
    readonly appName: string;
    readonly errorPageDir: string;
    readonly account?: string;
    /** /sso requests per IP address per 5 minutes (the edge's web ACL). */
    readonly rateLimitPerIp: number;
  },
): MultiRegionStacks {
  const env = (region: string) => ({ region, ...(options.account ? { account: options.account } : {}) });
  const edgeWaf = new EdgeWafStack(app, `${options.appName}EdgeWaf`, {
    env: env(WAF_REGION),
    rateLimitPerIp: options.rateLimitPerIp,
    description:
      'Infoauth edge (us-east-1): the AWS WAF web ACL of the CloudFront distribution and the /sso origin-response function',
  });
  const global = new InfoauthGlobalStack(app, options.appName, {
    env: env(settings.homeRegion),
    crossRegionReferences: true,
    settings,
    appName: options.appName,
    errorPageDir: options.errorPageDir,
    edgeWaf: { webAclArn: edgeWaf.webAclArn, originResponseVersionArn: edgeWaf.ssoOriginResponseVersionArn },
    description: `Infoauth SSO endpoint: shared parts (home region ${settings.homeRegion} of ${settings.regions.join(', ')})`,
  });
  const regional = settings.regions.map(
    (region) =>
      new InfoauthRegionalStack(app, regionalStackName(options.appName, region), {
        env: env(region),
        crossRegionReferences: true,
        settings,
        appName: options.appName,
        primaryKeyArn: global.wrappingKey.key.keyArn,
        errorPageUrl: global.edge.errorPageUrl,
        originSecretArn: global.edge.originSecret.secretArn,
        description: `Infoauth SSO endpoint: region ${region}`,
      }),
  );
  global.addStackDependency(edgeWaf);
  for (const stack of regional) stack.addStackDependency(global);
  const edgeAlarms = new EdgeAlarmsStack(app, `${options.appName}EdgeAlarms`, {
    env: env(WAF_REGION),
    distributionId: global.edge.distribution.distributionId,
    webAclName: edgeWaf.webAclName,
    description: 'Infoauth edge: alarms on AWS WAF blocks and the CloudFront 5xx rate (their metrics are in us-east-1)',
  });
  edgeAlarms.addStackDependency(global);
  return { edgeWaf, global, regional, edgeAlarms };
}
