/**
 * The {@link ClientKeySource} of the SSO function: per client, the keys fetched from its JWKS URI, held
 * in the function's memory. Fresh for 10 minutes; a token with a `kid` they lack asks for a refetch, at
 * most one fetch per 30 s per client (also after a failure, so a down URI costs one fetch per 30 s, not
 * one per sign-in); when a fetch fails, the last good keys serve for up to 24 h after they were fetched.
 * Sign-ins that need a fetch at the same time wait for the same one (single flight). The clock is the
 * request time the core passes in.
 */
import { DependencyFailure } from '../../core/errors';
import { JWKS_URI_FRESH_MS, JWKS_URI_LAST_GOOD_MS, JWKS_URI_MIN_INTERVAL_MS } from '../../core/jwks-uri';
import type { PublicJwk } from '../../core/model';
import type { ClientKeySource, FetchedClientKeys } from '../../core/ports';
import type { JwksFetcher } from './jwks-fetcher';

/** Registered keys are looked up by the caller; the fetcher checks fetched ones against none. */
const NO_REGISTERED_KEYS: readonly PublicJwk[] = [];
/** The most clients whose keys one function instance keeps (the oldest entry goes first). */
const MAX_CLIENTS = 1000;

interface Entry {
  /** The last good keys and when they were fetched (ms). */
  good?: { readonly keys: readonly PublicJwk[]; readonly at: number };
  /** When the newest fetch started (ms), and why it failed, if it did. */
  lastAttemptAt?: number;
  failure?: string;
  inFlight?: Promise<void>;
}

export class JwksUriKeyCache implements ClientKeySource {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly fetcher: JwksFetcher) {}

  async keysFor(clientId: string, jwksUri: string, kid: string | undefined, now: Date): Promise<FetchedClientKeys> {
    const entry = this.entryFor(clientId, jwksUri);
    const at = now.getTime();
    if (this.needsFetch(entry, kid, at)) await this.fetchOnce(entry, jwksUri, at);
    const { good, failure } = entry;
    if (!good || at - good.at > JWKS_URI_LAST_GOOD_MS) {
      throw new DependencyFailure(
        'jwks-uri-unavailable',
        failure ?? `no good keys from ${jwksUri} within ${JWKS_URI_LAST_GOOD_MS / 3_600_000} h`,
      );
    }
    return { keys: good.keys, ...(failure !== undefined ? { failure } : {}) };
  }

  private entryFor(clientId: string, jwksUri: string): Entry {
    // Keyed by the URI too: a configuration that points elsewhere starts afresh.
    const key = `${clientId} ${jwksUri}`;
    let entry = this.entries.get(key);
    if (!entry) {
      if (this.entries.size >= MAX_CLIENTS) {
        const oldest = this.entries.keys().next();
        if (!oldest.done) this.entries.delete(oldest.value);
      }
      entry = {};
      this.entries.set(key, entry);
    }
    return entry;
  }

  private needsFetch(entry: Entry, kid: string | undefined, at: number): boolean {
    if (entry.inFlight) return true;
    const { good } = entry;
    const fresh = good !== undefined && at - good.at < JWKS_URI_FRESH_MS;
    const holdsKid = kid === undefined || (good?.keys.some((key) => key.kid === kid) ?? false);
    if (fresh && holdsKid) return false;
    const last = entry.lastAttemptAt;
    return last === undefined || at - last >= JWKS_URI_MIN_INTERVAL_MS || at < last;
  }

  /** Starts a fetch, or joins the one under way. Never rejects: a failure is kept in the entry. */
  private fetchOnce(entry: Entry, jwksUri: string, at: number): Promise<void> {
    if (entry.inFlight) return entry.inFlight;
    entry.lastAttemptAt = at;
    const flight = this.fetcher.fetch(jwksUri, NO_REGISTERED_KEYS).then(
      (keys) => {
        entry.good = { keys, at };
        delete entry.failure;
      },
      (error: unknown) => {
        entry.failure = error instanceof Error ? error.message : String(error);
      },
    );
    entry.inFlight = flight.finally(() => {
      delete entry.inFlight;
    });
    return entry.inFlight;
  }
}
