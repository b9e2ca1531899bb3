/**
 * A short-lived cache in front of the settings store. Only answers that let a sign-in go ahead are kept
 * (a configuration that exists, SSO enabled), for less than the 5 s within which the contract says every
 * change must take effect; the core re-reads fresh before refusing on a cached answer, so a new secret
 * or a newly enabled CID works at once. Bounded in size, so random client ids cannot grow it.
 */
import type { SsoConfig } from '../../core/model';
import type { SsoFeatureState, SsoSettings, SsoSettingsStore } from '../../core/ports';

export const SETTINGS_CACHE_TTL_MS = 4000;
const MAX_ENTRIES = 10_000;

class BoundedTtlMap<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  constructor(private readonly maxEntries: number) {}

  get(key: string, nowMs: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > nowMs) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V, expiresAt: number): void {
    this.entries.delete(key);
    const oldest = this.entries.keys().next();
    if (this.entries.size >= this.maxEntries && !oldest.done) this.entries.delete(oldest.value);
    this.entries.set(key, { value, expiresAt });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

export class CachedSsoSettingsStore implements SsoSettingsStore {
  private readonly configs = new BoundedTtlMap<SsoConfig>(MAX_ENTRIES);
  private readonly enabledCids = new BoundedTtlMap<true>(MAX_ENTRIES);

  constructor(
    private readonly store: SsoSettingsStore,
    private readonly nowMs: () => number = Date.now,
    private readonly ttlMs: number = SETTINGS_CACHE_TTL_MS,
  ) {}

  async read(clientId: string, cids: readonly string[], options?: { readonly fresh?: boolean }): Promise<SsoSettings> {
    const now = this.nowMs();
    if (!options?.fresh) {
      const config = this.configs.get(clientId, now);
      if (config && cids.every((cid) => this.enabledCids.get(cid, now))) {
        const ssoState = new Map<string, SsoFeatureState>(cids.map((cid) => [cid, 'enabled']));
        return { config, ssoState, fromCache: true };
      }
    }
    const settings = await this.store.read(clientId, cids, options);
    const expiresAt = now + this.ttlMs;
    if (settings.config) this.configs.set(clientId, settings.config, expiresAt);
    else this.configs.delete(clientId);
    for (const [cid, state] of settings.ssoState) {
      if (state === 'enabled') this.enabledCids.set(cid, true, expiresAt);
      else this.enabledCids.delete(cid);
    }
    return settings;
  }
}
