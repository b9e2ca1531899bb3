/**
 * The cache of keys fetched from JWKS URIs, over a fetcher the test controls and request times it picks
 * (no sleeps): fresh for 10 min, an unknown kid refetches at most once per 30 s, the last good keys
 * serve for 24 h when fetching fails, and sign-ins at the same time share one fetch.
 */
import type { JwksFetcher } from '../../lambdas/adapters/jwks-uri/jwks-fetcher';
import { JwksUriKeyCache } from '../../lambdas/adapters/jwks-uri/jwks-uri-key-cache';
import { DependencyFailure } from '../../lambdas/core/errors';
import type { PublicJwk } from '../../lambdas/core/model';

const URI = 'https://login.acme.example/jwks.json';
const T0 = new Date('2026-11-30T00:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const key = (kid: string): PublicJwk => ({ kty: 'OKP', crv: 'Ed25519', x: kid, kid });

/** A fetcher that answers with the current `published` keys, or fails while `down`; counts its calls. */
class FakeFetcher implements JwksFetcher {
  published: PublicJwk[] = [key('k1')];
  down = false;
  calls = 0;
  /** When set, fetches wait for `release()`. */
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  async fetch(uri: string): Promise<PublicJwk[]> {
    this.calls += 1;
    if (this.gate) await this.gate;
    if (this.down) throw new Error(`could not fetch the client's keys from ${uri}: ECONNREFUSED`);
    return [...this.published];
  }
}

const kids = (keys: { keys: readonly PublicJwk[] }) => keys.keys.map((k) => k.kid);

describe('JwksUriKeyCache', () => {
  let fetcher: FakeFetcher;
  let cache: JwksUriKeyCache;
  beforeEach(() => {
    fetcher = new FakeFetcher();
    cache = new JwksUriKeyCache(fetcher);
  });

  it('fetches once, then serves from memory for 10 minutes', async () => {
    const first = await cache.keysFor('c1', URI, 'k1', at(0));
    await cache.keysFor('c1', URI, 'k1', at(10 * MINUTE - 1));
    expect(fetcher.calls).toBe(1);
    expect(kids(first)).toEqual(['k1']);
    expect(first.failure).toBeUndefined();

    await cache.keysFor('c1', URI, 'k1', at(10 * MINUTE));
    expect(fetcher.calls).toBe(2);
  });

  it('refetches on an unknown kid, at most once per 30 s per client', async () => {
    await cache.keysFor('c1', URI, 'k1', at(0));
    fetcher.published = [key('k1'), key('k2')];

    const tooSoon = await cache.keysFor('c1', URI, 'k2', at(29 * SECOND));
    expect(fetcher.calls).toBe(1);
    expect(kids(tooSoon)).toEqual(['k1']);

    const refetched = await cache.keysFor('c1', URI, 'k2', at(30 * SECOND));
    expect(fetcher.calls).toBe(2);
    expect(kids(refetched)).toEqual(['k1', 'k2']);

    // A kid that is still unknown does not make every sign-in fetch.
    await cache.keysFor('c1', URI, 'k3', at(31 * SECOND));
    await cache.keysFor('c1', URI, 'k3', at(59 * SECOND));
    expect(fetcher.calls).toBe(2);
    await cache.keysFor('c1', URI, 'k3', at(60 * SECOND));
    expect(fetcher.calls).toBe(3);
  });

  it('keeps the limit per client: another client fetches its own keys at once', async () => {
    await cache.keysFor('c1', URI, 'k1', at(0));
    await cache.keysFor('c2', URI, 'k1', at(1 * SECOND));
    expect(fetcher.calls).toBe(2);
  });

  it('serves the last good keys, with the failure, for 24 h after they were fetched when fetching fails', async () => {
    await cache.keysFor('c1', URI, 'k1', at(0));
    fetcher.down = true;

    const stale = await cache.keysFor('c1', URI, 'k1', at(10 * MINUTE));
    expect(kids(stale)).toEqual(['k1']);
    expect(stale.failure).toMatch(/login\.acme\.example.*ECONNREFUSED/);

    const lastDay = await cache.keysFor('c1', URI, 'k1', at(24 * HOUR));
    expect(kids(lastDay)).toEqual(['k1']);

    await expect(cache.keysFor('c1', URI, 'k1', at(24 * HOUR + 1))).rejects.toThrow(DependencyFailure);
  });

  it('fails with jwks-uri-unavailable, naming the URI, when it never had good keys', async () => {
    fetcher.down = true;
    const failure = await cache.keysFor('c1', URI, 'k1', at(0)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DependencyFailure);
    expect((failure as DependencyFailure).reason).toBe('jwks-uri-unavailable');
    expect((failure as DependencyFailure).message).toContain(URI);
  });

  it('does not refetch a URI that is down on every sign-in: once per 30 s', async () => {
    fetcher.down = true;
    for (const ms of [0, 1, 10 * SECOND, 29 * SECOND]) {
      await cache.keysFor('c1', URI, 'k1', at(ms)).catch(() => undefined);
    }
    expect(fetcher.calls).toBe(1);
    fetcher.down = false;
    const back = await cache.keysFor('c1', URI, 'k1', at(30 * SECOND));
    expect(fetcher.calls).toBe(2);
    expect(back.failure).toBeUndefined();
  });

  it('makes sign-ins that need keys at the same time share one fetch', async () => {
    fetcher.hold();
    const waiting = Array.from({ length: 20 }, () => cache.keysFor('c1', URI, 'k1', at(0)));
    fetcher.release();
    const answers = await Promise.all(waiting);
    expect(fetcher.calls).toBe(1);
    expect(answers.every((answer) => kids(answer).join() === 'k1')).toBe(true);
  });

  it('starts afresh when the configuration points to another URI', async () => {
    await cache.keysFor('c1', URI, 'k1', at(0));
    await cache.keysFor('c1', 'https://other.acme.example/jwks.json', 'k1', at(1 * SECOND));
    expect(fetcher.calls).toBe(2);
  });
});
