/** Seeds the demo client at every start: CID `demo`, the demo app as target and as its own error view. */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AdminDeps } from '../admin/admin-deps';
import { createConfig, deleteConfig } from '../admin/config-commands';
import { setSso } from '../admin/sso-commands';
import type { DemoClient } from '../demo/demo-app';

export const DEMO_CID = 'demo';

/**
 * Replaces the demo configurations of earlier runs (their URLs may hold another port) by a new one with a
 * generated key pair, enables SSO for `demo`, and writes the private key where `token mint` can read it.
 */
export async function seedDemoClient(
  deps: AdminDeps,
  demoBaseUrl: string,
  privateJwkFile: string,
): Promise<DemoClient> {
  const demoPath = new URL(demoBaseUrl).pathname;
  for (const config of (await deps.configs.list()).filter((candidate) => candidate.cid === DEMO_CID)) {
    if (new URL(config.targetUrl).pathname === demoPath) await deleteConfig(deps, config.clientId);
  }
  const created = await createConfig(deps, {
    cid: DEMO_CID,
    targetUrl: demoBaseUrl,
    errorUrl: new URL('error', demoBaseUrl).href,
    // What the hosted error page shows for the demo client (open /error/?code=104&client=<client id>).
    profile: { displayName: 'Demo Portal', loginUrl: demoBaseUrl, supportEmail: 'support@example.com' },
  });
  await setSso(deps, DEMO_CID, true);
  if (!created.signingKey) throw new Error('the demo client was created without a signing key');
  const privateJwk = `${JSON.stringify(created.signingKey.privateJwk, null, 2)}\n`;
  mkdirSync(dirname(privateJwkFile), { recursive: true });
  writeFileSync(privateJwkFile, privateJwk, { mode: 0o600 });
  chmodSync(privateJwkFile, 0o600);
  return { clientId: created.clientId, clientSecret: created.clientSecret, cid: DEMO_CID, privateJwk };
}
