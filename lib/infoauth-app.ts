/**
 * Builds the CDK app: the error page's files, the one stack in the chosen signing mode, and cdk-nag's
 * AwsSolutions checks (synthesis fails on an unacknowledged finding). bin/infoauth.ts and the tests
 * both use it, so the tests synthesize exactly what `cdk deploy` deploys.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildErrorPage } from '../error-page/build';
import { DEFAULT_STACK_NAME, type SigningMode } from '../tools/admin/stack-target';
import { InfoauthStack } from './infoauth-stack';
import { parseSigningMode } from './signing';
import { SIGNING_MODE_CONTEXT } from './stack-outputs';

export interface InfoauthAppOptions {
  readonly appProps?: AppProps;
  /** Overrides the `infoauth:signingMode` context. */
  readonly signingMode?: SigningMode;
  readonly stackName?: string;
}

export interface InfoauthApp {
  readonly app: App;
  readonly stack: InfoauthStack;
  /** The temporary folder holding the built error page (staged into the cloud assembly at synthesis). */
  readonly errorPageDir: string;
}

/**
 * @example
 * const { app } = await createInfoauthApp();
 * app.synth();
 */
export async function createInfoauthApp(options: InfoauthAppOptions = {}): Promise<InfoauthApp> {
  const app = new App(options.appProps);
  const signingMode = options.signingMode ?? parseSigningMode(app.node.tryGetContext(SIGNING_MODE_CONTEXT));
  const errorPageDir = await buildErrorPage(await mkdtemp(join(tmpdir(), 'infoauth-error-page-')));
  const stack = new InfoauthStack(app, options.stackName ?? DEFAULT_STACK_NAME, {
    signingMode,
    errorPageDir,
    description: `Infoauth SSO endpoint (signing mode: ${signingMode})`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, errorPageDir };
}
