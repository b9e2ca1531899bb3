/**
 * Builds the CDK app: the error page's files, the main stack in the chosen signing mode, the edge's
 * us-east-1 stack (its web ACL and the /sso origin-response function; unless `-c infoauth:edge=false`), and cdk-nag's AwsSolutions checks
 * (synthesis fails on an unacknowledged finding). bin/infoauth.ts and the tests both use it, so the
 * tests synthesize exactly what `cdk deploy` deploys.
 *
 * Every stack has an explicit environment: the account and region the CDK CLI found
 * (CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION), and us-east-1 for the web ACL, which CloudFront-scope
 * web ACLs require. The main stack reads the web ACL's ARN across regions.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotations, App, Validations, type AppProps, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildErrorPage } from '../error-page/build';
import { DEFAULT_STACK_NAME, SIGNING_MODE_CONTEXT, type SigningMode } from '../lambdas/core/deployment';
import { EdgeAlarmsStack } from './edge-monitoring';
import { EdgeWafStack, WAF_REGION } from './edge-waf';
import { EDGE_CONTEXT, edgeSettingsFromContext, type EdgeSettings } from './edge-settings';
import { InfoauthStack } from './infoauth-stack';
import { addMultiRegionStacks, type MultiRegionStacks } from './multi-region/multi-region-app';
import { MULTI_REGION_CONTEXT, MultiRegionSettingsError, parseMultiRegionSettings } from './regions';
import { parseSigningMode } from './signing';

export interface InfoauthAppOptions {
  readonly appProps?: AppProps;
  /** An app already made (its context read once: the CDK CLI may hand context over in a file read once). */
  readonly app?: App;
  /** Overrides the `infoauth:signingMode` context. */
  readonly signingMode?: SigningMode;
  readonly stackName?: string;
  /** Overrides the `infoauth:edge…` context. */
  readonly edge?: EdgeSettings;
  /** Overrides CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION. */
  readonly env?: Environment;
}

/** Used when the CDK CLI found no region (an offline `cdk synth` without AWS configuration). */
export const FALLBACK_REGION = 'us-east-1';

export interface InfoauthApp {
  readonly app: App;
  readonly stack: InfoauthStack;
  /** The edge's web ACL, in us-east-1; absent with `infoauth:edge=false`. */
  readonly wafStack?: EdgeWafStack;
  /** The edge's alarms, in us-east-1; absent with `infoauth:edge=false`. */
  readonly edgeAlarmsStack?: EdgeAlarmsStack;
  /** The temporary folder holding the built error page (staged into the cloud assembly at synthesis). */
  readonly errorPageDir: string;
}

/**
 * @example
 * const { app } = await createInfoauthApp();
 * app.synth();
 */
export async function createInfoauthApp(options: InfoauthAppOptions = {}): Promise<InfoauthApp> {
  const app = options.app ?? new App(options.appProps);
  const signingMode = options.signingMode ?? parseSigningMode(app.node.tryGetContext(SIGNING_MODE_CONTEXT));
  const errorPageDir = await buildErrorPage(await mkdtemp(join(tmpdir(), 'infoauth-error-page-')));
  const edge = options.edge ?? edgeSettingsFromContext((key) => app.node.tryGetContext(key));
  const account = options.env?.account ?? process.env.CDK_DEFAULT_ACCOUNT;
  const region = options.env?.region ?? process.env.CDK_DEFAULT_REGION;
  const env = (stackRegion: string): Environment => ({ ...(account ? { account } : {}), region: stackRegion });
  const name = options.stackName ?? DEFAULT_STACK_NAME;
  const wafStack = edge.enabled
    ? new EdgeWafStack(app, `${name}EdgeWaf`, {
        env: env(WAF_REGION),
        rateLimitPerIp: edge.rateLimitPerIp,
        description:
          'Infoauth edge (us-east-1): the AWS WAF web ACL of the CloudFront distribution and the /sso origin-response function',
      })
    : undefined;
  const stack = new InfoauthStack(app, name, {
    env: env(region ?? FALLBACK_REGION),
    signingMode,
    errorPageDir,
    description: `Infoauth SSO endpoint (signing mode: ${signingMode}; edge: ${edge.enabled ? 'CloudFront + AWS WAF' : 'none'})`,
    ...(edge.enabled
      ? {
          edge: {
            ...(wafStack
              ? {
                  webAclArn: wafStack.webAclArn,
                  webAclName: wafStack.webAclName,
                  originResponseVersionArn: wafStack.ssoOriginResponseVersionArn,
                }
              : {}),
            ...(edge.domain ? { domain: edge.domain } : {}),
          },
        }
      : {}),
  });
  const edgeAlarmsStack =
    wafStack && stack.edge
      ? new EdgeAlarmsStack(app, `${name}EdgeAlarms`, {
          env: env(WAF_REGION),
          distributionId: stack.edge.distribution.distributionId,
          webAclName: wafStack.webAclName,
          description:
            'Infoauth edge: alarms on AWS WAF blocks and the CloudFront 5xx rate (their metrics are in us-east-1)',
        })
      : undefined;
  if (!region) {
    Annotations.of(stack).addWarningV2(
      'infoauth:no-region',
      `The CDK CLI found no region (CDK_DEFAULT_REGION): synthesized for ${FALLBACK_REGION}. Set AWS_REGION or your profile's region before cdk deploy.`,
    );
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return {
    app,
    stack,
    ...(wafStack ? { wafStack } : {}),
    ...(edgeAlarmsStack ? { edgeAlarmsStack } : {}),
    errorPageDir,
  };
}

export interface InfoauthMultiRegionApp {
  readonly app: App;
  readonly stacks: MultiRegionStacks;
  readonly errorPageDir: string;
}

/**
 * The three-region app (`-c infoauth:regions=…` with its names); see lib/regions.ts for what is
 * checked. Throws {@link MultiRegionSettingsError} (one line) when the settings cannot work.
 */
export async function createMultiRegionApp(options: InfoauthAppOptions = {}): Promise<InfoauthMultiRegionApp> {
  const app = options.app ?? new App(options.appProps);
  const settings = parseMultiRegionSettings((key) => app.node.tryGetContext(key));
  if (!settings) throw new MultiRegionSettingsError(`${MULTI_REGION_CONTEXT.regions} is not set.`);
  const signingMode = options.signingMode ?? parseSigningMode(app.node.tryGetContext(SIGNING_MODE_CONTEXT));
  if (signingMode !== 'wrapped') {
    throw new MultiRegionSettingsError(
      `${MULTI_REGION_CONTEXT.regions} works with ${SIGNING_MODE_CONTEXT}=wrapped only (one multi-Region key wraps the signing keys for every region).`,
    );
  }
  const edgeSwitch: unknown = app.node.tryGetContext(EDGE_CONTEXT.enabled);
  const edge =
    options.edge ??
    (edgeSwitch === false || edgeSwitch === 'false'
      ? ({ enabled: false } as const)
      : edgeSettingsFromContext((key) => app.node.tryGetContext(key)));
  if (!edge.enabled) {
    throw new MultiRegionSettingsError(
      `${MULTI_REGION_CONTEXT.regions} puts the regions behind the edge, its one entry point; infoauth:edge=false is for one region only.`,
    );
  }
  const errorPageDir = await buildErrorPage(await mkdtemp(join(tmpdir(), 'infoauth-error-page-')));
  const stacks = addMultiRegionStacks(app, settings, {
    appName: options.stackName ?? DEFAULT_STACK_NAME,
    errorPageDir,
    rateLimitPerIp: edge.rateLimitPerIp,
    ...(process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT } : {}),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stacks, errorPageDir };
}

/**
 * The app `cdk synth` builds: three regions when `infoauth:regions` is set, else the one stack.
 * Throws {@link MultiRegionSettingsError} (one line) when the multi-region settings cannot work.
 */
export async function createAppFromContext(): Promise<{ app: App; errorPageDir: string }> {
  const app = new App();
  const settings = parseMultiRegionSettings((key) => app.node.tryGetContext(key));
  return settings ? createMultiRegionApp({ app }) : createInfoauthApp({ app });
}
