/** In-memory ports for unit tests of the core: no network, every call counted, failures on demand. */
import { DependencyFailure } from '../../lambdas/core/errors';
import type { AssertionClaims, SsoConfig } from '../../lambdas/core/model';
import type {
  AssertionSigner,
  SsoFeatureState,
  SsoSettings,
  SsoSettingsStore,
  TokenUse,
  UsedTokenStore,
} from '../../lambdas/core/ports';

export class FakeSettingsStore implements SsoSettingsStore {
  readonly configs = new Map<string, SsoConfig>();
  readonly features = new Map<string, boolean>();
  readonly reads: { clientId: string; cids: readonly string[]; fresh: boolean }[] = [];
  failing = false;
  /** When set, every read after this many fails. */
  failAfterReads?: number;

  async read(clientId: string, cids: readonly string[], options?: { fresh?: boolean }): Promise<SsoSettings> {
    this.reads.push({ clientId, cids, fresh: options?.fresh ?? false });
    const failing = this.failing || (this.failAfterReads !== undefined && this.reads.length > this.failAfterReads);
    if (failing) throw new DependencyFailure('settings-unavailable', 'injected');
    const ssoState = new Map<string, SsoFeatureState>(
      cids.map((cid) => {
        const value = this.features.get(cid);
        return [cid, value === undefined ? 'missing' : value ? 'enabled' : 'disabled'];
      }),
    );
    const config = this.configs.get(clientId);
    return { ...(config ? { config } : {}), ssoState, fromCache: false };
  }
}

export class FakeUsedTokenStore implements UsedTokenStore {
  readonly used = new Map<string, TokenUse>();
  failing = false;

  readonly released: TokenUse[] = [];

  async recordFirstUse(use: TokenUse): Promise<'recorded' | 'already-used'> {
    if (this.failing) throw new DependencyFailure('used-token-store-unavailable', 'injected');
    const key = `${use.cid}#${use.jti}`;
    if (this.used.has(key)) return 'already-used';
    this.used.set(key, use);
    return 'recorded';
  }

  async release(use: TokenUse): Promise<void> {
    if (this.failing) throw new DependencyFailure('used-token-store-unavailable', 'injected');
    const key = `${use.cid}#${use.jti}`;
    if (this.used.get(key)?.attemptId === use.attemptId) this.used.delete(key);
    this.released.push(use);
  }
}

export class FakeSigner implements AssertionSigner {
  readonly signed: AssertionClaims[] = [];
  failing = false;

  async sign(claims: AssertionClaims): Promise<string> {
    if (this.failing) throw new DependencyFailure('signing-unavailable', 'injected');
    this.signed.push(claims);
    return `assertion-${this.signed.length}`;
  }
}
