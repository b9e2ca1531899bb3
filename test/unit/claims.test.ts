import { checkClaims, USED_TOKEN_TTL_MARGIN_SECONDS, usedTokenExpiry } from '../../lambdas/core/claims';
import type { JsonObject } from '../../lambdas/core/strict-json';

const NOW = 1_800_000_000;
const policy = { clientId: 'client-1', cid: 'acme', clockTolerance: 30, maxTokenAge: 300 };
const valid = { cid: 'acme', email: 'jane.doe@example.com', jti: 'j-1', iat: NOW - 10, exp: NOW + 60 };
/** A well-formed address of exactly `length` characters (64-character local part, labels of at most 63). */
const emailOfLength = (length: number) =>
  `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(length - 197)}.com`;
const claims = (overrides: Record<string, unknown>, without: string[] = []): JsonObject => {
  const payload: Record<string, unknown> = { ...valid, ...overrides };
  for (const name of without) delete payload[name];
  return payload as JsonObject;
};

describe('checkClaims', () => {
  it('accepts a token with every claim right', () => {
    // Act
    const result = checkClaims(claims({}), policy, NOW);
    // Assess
    expect(result).toEqual({ ok: true, claims: valid });
  });

  it.each([
    ['cid missing', claims({}, ['cid']), '103', 'cid-missing'],
    ['cid a number', claims({ cid: 7 }), '103', 'cid-invalid'],
    ['cid an array', claims({ cid: ['acme'] }), '103', 'cid-invalid'],
    ['email missing', claims({}, ['email']), '103', 'email-missing'],
    ['email an object', claims({ email: { a: 1 } }), '103', 'email-invalid'],
    ['jti missing', claims({}, ['jti']), '103', 'jti-missing'],
    ['jti empty', claims({ jti: '' }), '103', 'jti-invalid'],
    ['jti a number', claims({ jti: 5 }), '103', 'jti-invalid'],
    ['jti too long', claims({ jti: 'x'.repeat(257) }), '103', 'jti-invalid'],
    ['iat missing', claims({}, ['iat']), '103', 'iat-missing'],
    ['iat a string', claims({ iat: String(NOW) }), '103', 'iat-invalid'],
    ['iat infinite', claims({ iat: Infinity }), '103', 'iat-invalid'],
    ['iat NaN', claims({ iat: NaN }), '103', 'iat-invalid'],
    ['exp missing', claims({}, ['exp']), '103', 'exp-missing'],
    ['exp infinite', claims({ exp: Infinity }), '103', 'exp-invalid'],
    ['exp null', claims({ exp: null }), '103', 'exp-invalid'],
    ['nbf a string', claims({ nbf: 'soon' }), '103', 'nbf-invalid'],
    ['cid of another client', claims({ cid: 'other' }), '103', 'cid-mismatch'],
    ['cid differing in case', claims({ cid: 'ACME' }), '103', 'cid-mismatch'],
    ['email without @', claims({ email: 'jane' }), '103', 'email-malformed'],
    ['email with a control character', claims({ email: 'jane\u0000@example.com' }), '103', 'email-malformed'],
    ['email with a newline', claims({ email: 'jane@example.com\n' }), '103', 'email-malformed'],
    ['email with a lookalike letter', claims({ email: 'jane@exаmple.com' }), '103', 'email-malformed'],
    ['email of 255 characters', claims({ email: emailOfLength(255) }), '103', 'email-malformed'],
    ['nbf in the future', claims({ nbf: NOW + 31 }), '103', 'not-yet-valid'],
    ['iat in the future', claims({ iat: NOW + 31 }), '103', 'not-yet-valid'],
    ['expired', claims({ exp: NOW - 30 }), '104', 'token-expired'],
    ['too old', claims({ iat: NOW - 301, exp: NOW + 60 }), '104', 'token-too-old'],
    ['expired and of another cid', claims({ cid: 'other', exp: NOW - 100 }), '103', 'cid-mismatch'],
    ['aud naming another client', claims({ aud: 'client-2' }), '103', 'aud-mismatch'],
    ['aud an array without this client', claims({ aud: ['client-2', 'client-3'] }), '103', 'aud-mismatch'],
    ['aud an array with a non-string', claims({ aud: ['client-1', 7] }), '103', 'aud-mismatch'],
    ['aud a number', claims({ aud: 1 }), '103', 'aud-mismatch'],
    ['aud differing in case', claims({ aud: 'CLIENT-1' }), '103', 'aud-mismatch'],
    ['aud missing where required', claims({}), '103', 'aud-missing', { requireAud: true }],
    ['aud of another client where required', claims({ aud: 'x' }), '103', 'aud-mismatch', { requireAud: true }],
  ])('refuses %s', (_name, payload, code, reason, policyChange: { requireAud?: boolean } = {}) => {
    // Act
    const result = checkClaims(payload, { ...policy, ...policyChange }, NOW);
    // Assess
    expect(result).toEqual({ ok: false, refusal: { code, reason } });
  });

  it.each([
    ['exp just inside the tolerance', claims({ exp: NOW - 29 })],
    ['nbf inside the tolerance', claims({ nbf: NOW + 30 })],
    ['iat inside the tolerance', claims({ iat: NOW + 30, exp: NOW + 90 })],
    ['iat exactly the max age', claims({ iat: NOW - 300 })],
    ['an email of 254 characters', claims({ email: emailOfLength(254) })],
    ['an unusual but valid email', claims({ email: "o'brien+sso@mail.example.co.uk" })],
    ['aud naming this client', claims({ aud: 'client-1' })],
    ['aud an array naming this client', claims({ aud: ['other', 'client-1'] })],
    ['aud naming this client where required', claims({ aud: 'client-1' }), { requireAud: true }],
  ])('accepts %s', (_name, payload, policyChange: { requireAud?: boolean } = {}) => {
    expect(checkClaims(payload, { ...policy, ...policyChange }, NOW).ok).toBe(true);
  });
});

describe('the claims a configuration passes through', () => {
  const everyClaim = {
    claims: ['name', 'given_name', 'family_name', 'locale', 'external_id', 'groups'] as const,
  };
  const groupsOf = (count: number) => Array.from({ length: count }, (_, index) => `group-${String(index)}`);

  it('copies every listed claim present in the token, and nothing unlisted', () => {
    // Prepare
    const payload = claims({
      name: 'Jane Doe',
      given_name: 'Jane',
      locale: 'de-CH',
      groups: ['admins', 'Zürich ✓'],
      family_name: 'Doe',
      external_id: 'E-42',
      role: 'admin',
    });
    // Act
    const listedSome = checkClaims(payload, { ...policy, claims: ['given_name', 'groups'] }, NOW);
    const listedNone = checkClaims(payload, policy, NOW);
    // Assess
    expect(listedSome).toEqual({
      ok: true,
      claims: { ...valid, passed: { given_name: 'Jane', groups: ['admins', 'Zürich ✓'] } },
    });
    expect(listedNone).toEqual({ ok: true, claims: valid });
  });

  it('passes nothing when a listed claim is absent', () => {
    expect(checkClaims(claims({}), { ...policy, ...everyClaim }, NOW)).toEqual({ ok: true, claims: valid });
  });

  it.each([
    ['name a number', { name: 7 }, 'name-invalid'],
    ['name null', { name: null }, 'name-invalid'],
    ['given_name of 257 characters', { given_name: 'a'.repeat(257) }, 'given-name-invalid'],
    ['given_name of 257 characters outside the BMP', { given_name: '😀'.repeat(257) }, 'given-name-invalid'],
    ['family_name with a newline', { family_name: 'Doe\nX-Admin: yes' }, 'family-name-invalid'],
    ['locale with a NUL', { locale: 'en\u0000' }, 'locale-invalid'],
    ['external_id with a C1 control character', { external_id: 'E\u0085' }, 'external-id-invalid'],
    ['external_id with an unpaired surrogate', { external_id: 'E\uD800' }, 'external-id-invalid'],
    ['external_id an array', { external_id: ['E-1'] }, 'external-id-invalid'],
    ['groups a string', { groups: 'admins' }, 'groups-invalid'],
    ['groups of 51 entries', { groups: groupsOf(51) }, 'groups-invalid'],
    ['groups with a number', { groups: ['admins', 1] }, 'groups-invalid'],
    ['groups with an entry of 257 characters', { groups: ['x'.repeat(257)] }, 'groups-invalid'],
    ['groups with a tab', { groups: ['a\tb'] }, 'groups-invalid'],
  ])('refuses a listed claim that is %s with its own reason (103)', (_name, overrides, reason) => {
    // Act
    const result = checkClaims(claims(overrides), { ...policy, ...everyClaim }, NOW);
    // Assess
    expect(result).toEqual({ ok: false, refusal: { code: '103', reason } });
  });

  it.each([
    ['a name of 256 characters', { name: 'a'.repeat(256) }],
    ['a name of 256 characters outside the BMP', { name: '😀'.repeat(256) }],
    ['an empty locale', { locale: '' }],
    ['50 groups', { groups: groupsOf(50) }],
    ['no groups', { groups: [] }],
  ])('accepts %s', (_name, overrides) => {
    // Act
    const result = checkClaims(claims(overrides), { ...policy, ...everyClaim }, NOW);
    // Assess
    expect(result).toEqual({ ok: true, claims: { ...valid, passed: overrides } });
  });

  it('never checks a claim the configuration does not list', () => {
    // Act
    const result = checkClaims(claims({ name: 7, groups: 'x' }), { ...policy, claims: ['locale'] }, NOW);
    // Assess
    expect(result).toEqual({ ok: true, claims: valid });
  });

  it('checks passed claims after the required ones and before expiry (every 103 before any 104)', () => {
    // Act
    const result = checkClaims(claims({ name: 7, exp: NOW - 100 }), { ...policy, ...everyClaim }, NOW);
    // Assess
    expect(result).toEqual({ ok: false, refusal: { code: '103', reason: 'name-invalid' } });
  });
});

describe('usedTokenExpiry', () => {
  it('keeps the record past the last moment any configuration of the CID could accept the token, plus a margin', () => {
    // Prepare: limits are at most 3600 s of age and 300 s of tolerance, whatever this configuration says
    const longLived = { iat: NOW, exp: NOW + 7200 };
    const shortLived = { iat: NOW, exp: NOW + 60 };
    // Act
    const long = usedTokenExpiry(longLived, policy);
    const short = usedTokenExpiry(shortLived, policy);
    const legacy = usedTokenExpiry(longLived, { maxTokenAge: 5000, clockTolerance: 400 });
    // Assess: min(exp, iat + 3600) + 300, plus the 300 s margin
    expect(long).toBe(NOW + 3600 + 300 + USED_TOKEN_TTL_MARGIN_SECONDS);
    expect(short).toBe(NOW + 60 + 300 + USED_TOKEN_TTL_MARGIN_SECONDS);
    expect(legacy).toBe(NOW + 5000 + 400 + USED_TOKEN_TTL_MARGIN_SECONDS);
    expect(USED_TOKEN_TTL_MARGIN_SECONDS).toBeGreaterThan(0);
  });
});
