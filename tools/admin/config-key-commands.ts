/**
 * `config keys list|add|remove`: the client's own public signing keys, changed under the configuration's
 * version lock and audited like every configuration change.
 */
import { withAddedKeys, withoutKey } from '../../lambdas/core/config-admin';
import type { PublicJwk } from '../../lambdas/core/model';
import type { AdminDeps } from './admin-deps';
import { changeConfig, existingConfig } from './config-commands';

export interface ClientKeys {
  readonly clientId: string;
  readonly keys: readonly PublicJwk[];
  /** Set by add and remove: the kids that were added or removed. */
  readonly added?: readonly string[];
  readonly removed?: string;
}

export async function listClientKeys(deps: AdminDeps, clientId: string): Promise<ClientKeys> {
  const config = await existingConfig(deps, clientId);
  return { clientId, keys: config.jwks.keys };
}

/** Adds every key of a JWKS document (its text), or none when one is refused. */
export async function addClientKeys(deps: AdminDeps, clientId: string, jwksText: string): Promise<ClientKeys> {
  const { before, after } = await changeConfig(deps, clientId, 'config keys add', (config, now) =>
    withAddedKeys(config, jwksText, now),
  );
  const added = after.jwks.keys.slice(before.jwks.keys.length).map((key) => key.kid ?? '');
  return { clientId, keys: after.jwks.keys, added };
}

export async function removeClientKey(deps: AdminDeps, clientId: string, kid: string): Promise<ClientKeys> {
  const { after } = await changeConfig(deps, clientId, 'config keys remove', (config, now) =>
    withoutKey(config, kid, now),
  );
  return { clientId, keys: after.jwks.keys, removed: kid };
}
