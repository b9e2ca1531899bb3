/**
 * Property: never a sign-in without a valid signature. Valid tokens are damaged in every way
 * (bit flips in any segment, replaced characters, swapped or borrowed segments, re-encoded headers,
 * other algorithms, truncation); whenever the service signs someone in, an independent check with
 * node:crypto must confirm an ES256 signature by the client's key over exactly the received header and
 * payload. Anything else is refused with 103.
 */
import { createPublicKey, verify } from 'node:crypto';
import fc from 'fast-check';
import { signIn } from '../../lambdas/core/sign-in';
import { FakeUsedTokenStore } from '../support/fake-ports';
import { createInMemorySso, type InMemorySso } from '../support/in-memory-sso';
import { captureLogs, type LogCapture } from '../support/log-capture';
import { createSsoWorld, mintToken, ssoEvent, verdictOf, type ClientKey } from '../support/sso-fixture';
import { mutationArbitrary } from '../support/token-mutations';

const CORE_RUNS = 3000;
const DYNAMO_RUNS = 150;

/** What the service must agree with: ES256 by this key over the token's own first two segments. */
function independentlyValid(token: string, key: ClientKey): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as { alg?: unknown };
    if (header.alg !== 'ES256') return false;
    return verify(
      'sha256',
      Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii'),
      { key: createPublicKey({ key: key.publicJwk as never, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
      Buffer.from(parts[2]!, 'base64url'),
    );
  } catch {
    return false;
  }
}

let logs: LogCapture;
beforeAll(() => {
  logs = captureLogs();
});
afterAll(() => logs.stop());

describe('never a sign-in without a valid signature', () => {
  let sso: InMemorySso;
  let pool: string[];
  beforeAll(async () => {
    sso = await createInMemorySso();
    pool = await Promise.all(Array.from({ length: 50 }, () => mintToken(sso.client, {}, { now: sso.now })));
  });

  it(`holds for ${CORE_RUNS} damaged tokens in the core`, async () => {
    // Prepare
    const outcomes = { signedIn: 0, signedInChanged: 0, refused: 0 };
    const property = fc.asyncProperty(fc.nat(), fc.nat(), mutationArbitrary, async (a, b, mutate) => {
      const original = pool[a % pool.length]!;
      const token = mutate(original, pool[b % pool.length]!);
      // Act: a fresh used-token store, so only the token decides
      const outcome = await signIn(
        { clientId: sso.client.clientId, clientSecret: sso.client.secret, token },
        { ...sso.signInDeps, usedTokens: new FakeUsedTokenStore() },
        sso.now,
      );
      // Assess
      if (outcome.kind === 'signed-in') {
        expect(independentlyValid(token, sso.client.key)).toBe(true);
        outcomes.signedIn++;
        if (token !== original) outcomes.signedInChanged++;
      } else {
        expect(outcome.code).toBe('103');
        outcomes.refused++;
      }
    });
    // Act
    await fc.assert(property, { numRuns: CORE_RUNS });
    // Assess: both sides of the property were reached
    expect(outcomes.refused).toBeGreaterThan(CORE_RUNS / 2);
    expect(outcomes.signedIn).toBeGreaterThan(0);
  }, 60_000);

  it(`holds for ${DYNAMO_RUNS} damaged fresh tokens through the handler on DynamoDB Local`, async () => {
    // Prepare
    const world = await createSsoWorld();
    const client = await world.newClient();
    const handler = world.handler();
    const verdicts: string[] = [];
    const property = fc.asyncProperty(mutationArbitrary, async (mutate) => {
      const token = mutate(await mintToken(client), await mintToken(client));
      // Act
      const verdict = verdictOf(
        await handler(ssoEvent({ client_id: client.clientId, client_secret: client.secret, token }, 'POST')),
      );
      // Assess
      if (verdict === 'signed-in') expect(independentlyValid(token, client.key)).toBe(true);
      else expect(verdict).toBe('103');
      verdicts.push(verdict);
    });
    // Act
    await fc.assert(property, { numRuns: DYNAMO_RUNS });
    world.destroy();
    // Assess
    expect(verdicts.filter((verdict) => verdict === '103').length).toBeGreaterThan(DYNAMO_RUNS / 2);
  }, 60_000);
});
