/**
 * The trust settings of a configuration (contract §7): assertion delivery, requireAud, the limits of
 * max token age and clock tolerance, https-only URLs; checked by the core on create and update, and kept
 * by the DynamoDB item mapping.
 */
import { configFromItem, configToItem } from '../../lambdas/adapters/dynamodb/sso-config-item';
import { newSsoConfig, updatedSsoConfig, type ConfigSettings } from '../../lambdas/core/config-admin';
import type { PublicJwk } from '../../lambdas/core/model';

const KEY: PublicJwk = {
  kty: 'EC',
  crv: 'P-256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
  kid: 'k1',
};
const create = (settings: ConfigSettings) =>
  newSsoConfig(
    { clientId: 'c1', secret: 's', cid: 'acme', targetUrl: 'https://app.example.test/', keys: [KEY], ...settings },
    1_800_000_000,
  );

describe('trust settings', () => {
  it('defaults to query delivery without a required aud, and keeps what is set through the store mapping', () => {
    // Act
    const plain = create({});
    const strict = create({ assertionDelivery: 'form_post', requireAud: true });
    const relaxed = updatedSsoConfig(strict, { requireAud: false, assertionDelivery: 'fragment' }, 1_800_000_100);
    // Assess
    expect([plain.assertionDelivery, plain.requireAud]).toEqual(['query', undefined]);
    expect(configFromItem(configToItem(strict))).toMatchObject({ assertionDelivery: 'form_post', requireAud: true });
    expect(configFromItem(configToItem(relaxed))).toMatchObject({ assertionDelivery: 'fragment' });
    expect(relaxed.requireAud).toBeUndefined();
    expect(configFromItem(configToItem(relaxed))?.requireAud).toBeUndefined();
  });

  it.each([
    [
      'an unknown delivery',
      { assertionDelivery: 'post' },
      /assertion delivery must be one of query, fragment, form_post/,
    ],
    [
      'a max token age over 3600',
      { maxTokenAge: 3601 },
      /max token age must be a whole number of seconds from 0 to 3600/,
    ],
    [
      'a clock tolerance over 300',
      { clockTolerance: 301 },
      /clock tolerance must be a whole number of seconds from 0 to 300/,
    ],
    ['a plain http target', { targetUrl: 'http://app.example.test/' }, /target URL must be/],
    ['a plain http allowed origin', { allowedOrigins: ['http://portal.example.test'] }, /is not an origin/],
    ['a plain http error URL', { errorUrl: 'http://app.example.test/e' }, /error URL must be/],
  ])('refuses %s', (_name, settings, message) => {
    // Act
    const attempt = () => create(settings);
    // Assess
    expect(attempt).toThrow(
      expect.objectContaining({ code: 'invalid-input', message: expect.stringMatching(message) }),
    );
  });

  it.each([['http://localhost:3000/'], ['http://127.0.0.1:8080/x'], ['http://[::1]:3000/']])(
    'accepts plain http on loopback: %s',
    (targetUrl) => {
      expect(create({ targetUrl }).targetUrl).toBe(targetUrl);
    },
  );

  it('accepts the largest limits', () => {
    expect(create({ maxTokenAge: 3600, clockTolerance: 300 })).toMatchObject({
      maxTokenAge: 3600,
      clockTolerance: 300,
    });
  });
});
