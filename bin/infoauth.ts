/** The CDK app (`npx cdk synth`, `npx cdk deploy`); `-c infoauth:signingMode=kms` chooses KMS signing. */
import { rm } from 'node:fs/promises';
import { createInfoauthApp } from '../lib/infoauth-app';

async function main(): Promise<void> {
  const { app, errorPageDir } = await createInfoauthApp();
  app.synth();
  await rm(errorPageDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
