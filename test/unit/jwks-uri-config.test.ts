/** The JWKS URI as a setting of a configuration: set, validated, cleared, and the rule of the last key. */
import { configChanges } from '../../lambdas/core/audit';
import { newSsoConfig, updatedSsoConfig, withoutKey } from '../../lambdas/core/config-admin';
import { InfoauthError } from '../../lambdas/core/errors';
import type { SsoConfig } from '../../lambdas/core/model';
import { newClientKey } from '../support/sso-fixture';

const NOW = 1_800_000_000;
const URI = 'https://login.acme.example/.well-known/jwks.json';
const LOCAL = { localRun: true };

async function config(extra: { jwksUri?: string; withKey?: boolean } = {}): Promise<SsoConfig> {
  const keys = extra.withKey === false ? [] : [(await newClientKey()).publicJwk];
  return newSsoConfig(
    {
      clientId: 'client-1',
      secret: 's',
      cid: 'acme',
      targetUrl: 'https://app.acme.example/',
      keys,
      ...(extra.jwksUri !== undefined ? { jwksUri: extra.jwksUri } : {}),
    },
    NOW,
  );
}

const refusal = (act: () => unknown): string => {
  try {
    act();
  } catch (error) {
    if (error instanceof InfoauthError && error.code === 'invalid-input') return error.message;
    throw error;
  }
  throw new Error('not refused');
};

describe('the JWKS URI of a configuration', () => {
  it('may be the only source of keys of a new configuration', async () => {
    const created = await config({ jwksUri: URI, withKey: false });
    expect(created.jwksUri).toBe(URI);
    expect(created.jwks.keys).toEqual([]);
  });

  it('is needed when a new configuration has no key', async () => {
    await expect(config({ withKey: false })).rejects.toThrow(/at least one public signing key \(or a JWKS URI\)/);
  });

  it('is refused outside the local run when it is http or on loopback, and allowed there under the local run', async () => {
    const base = await config();
    expect(refusal(() => updatedSsoConfig(base, { jwksUri: 'http://127.0.0.1:9999/jwks.json' }, NOW))).toMatch(/https/);
    expect(refusal(() => updatedSsoConfig(base, { jwksUri: 'https://169.254.169.254/' }, NOW))).toMatch(/public host/);
    expect(updatedSsoConfig(base, { jwksUri: 'http://127.0.0.1:9999/jwks.json' }, NOW, LOCAL).jwksUri).toBe(
      'http://127.0.0.1:9999/jwks.json',
    );
  });

  it('is set, kept by other changes, and removed with null (--no-jwks-uri)', async () => {
    const base = await config();
    const withUri = updatedSsoConfig(base, { jwksUri: URI }, NOW);
    const other = updatedSsoConfig(withUri, { maxTokenAge: 60 }, NOW);
    const cleared = updatedSsoConfig(other, { jwksUri: null }, NOW);
    expect(withUri.jwksUri).toBe(URI);
    expect(other.jwksUri).toBe(URI);
    expect('jwksUri' in cleared).toBe(false);
    expect(cleared.version).toBe(base.version + 3);
    // The audit trail records the URI set, then removed.
    expect(configChanges(base, withUri)).toEqual({ jwksUri: URI });
    expect(configChanges(other, cleared)).toEqual({ jwksUri: null });
  });

  it('cannot be removed from a configuration without a registered key', async () => {
    const onlyUri = await config({ jwksUri: URI, withKey: false });
    expect(refusal(() => updatedSsoConfig(onlyUri, { jwksUri: null }, NOW))).toMatch(/no registered key/);
  });
});

describe('removing the last registered key', () => {
  it('is refused without a JWKS URI', async () => {
    const base = await config();
    expect(refusal(() => withoutKey(base, base.jwks.keys[0]!.kid!, NOW))).toMatch(/last key/);
  });

  it('is allowed with a JWKS URI: its keys remain', async () => {
    const base = await config({ jwksUri: URI });
    const after = withoutKey(base, base.jwks.keys[0]!.kid!, NOW);
    expect(after.jwks.keys).toEqual([]);
    expect(after.jwksUri).toBe(URI);
  });
});
