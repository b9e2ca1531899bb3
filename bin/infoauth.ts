/**
 * The CDK app (`npx cdk synth`, `npx cdk deploy`): `-c infoauth:signingMode=kms` chooses KMS signing;
 * `-c infoauth:regions=us-east-1,us-east-2,us-west-2` (with its names, docs/deploy.md) deploys three regions.
 */
import { rm } from 'node:fs/promises';
import { createAppFromContext } from '../lib/infoauth-app';
import { MultiRegionSettingsError } from '../lib/regions';

async function main(): Promise<void> {
  const { app, errorPageDir } = await createAppFromContext();
  app.synth();
  await rm(errorPageDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  // A setting that cannot work is one clear line, not a stack trace.
  console.error(error instanceof MultiRegionSettingsError ? error.message : error);
  process.exitCode = 1;
});
