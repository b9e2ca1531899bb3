import {
  checkClientSecret,
  generateClientId,
  generateClientSecret,
  hashSecret,
} from '../../lambdas/core/client-secret';

const NOW = 1_800_000_000;
const current = generateClientSecret();
const previous = generateClientSecret();
const config = { secretHash: hashSecret(current), previousSecret: { hash: hashSecret(previous), expiresAt: NOW + 60 } };

describe('checkClientSecret', () => {
  it('generates 256-bit secrets', () => {
    expect(Buffer.from(generateClientSecret(), 'base64url')).toHaveLength(32);
    expect(generateClientSecret()).not.toBe(generateClientSecret());
  });

  it.each([
    ['the current secret', current, NOW, undefined],
    ['the previous secret inside its grace period', previous, NOW + 59, undefined],
    [
      'the previous secret when its grace period ended',
      previous,
      NOW + 60,
      { code: '102', reason: 'secret-grace-expired' },
    ],
    ['no secret', undefined, NOW, { code: '102', reason: 'secret-missing' }],
    ['an empty secret', '', NOW, { code: '102', reason: 'secret-missing' }],
    ['a wrong secret', generateClientSecret(), NOW, { code: '102', reason: 'secret-mismatch' }],
    ['the hash itself', hashSecret(current), NOW, { code: '102', reason: 'secret-mismatch' }],
    ['a very long secret', 'x'.repeat(100_000), NOW, { code: '102', reason: 'secret-mismatch' }],
  ])('answers %s', (_name, presented, now, expected) => {
    expect(checkClientSecret(presented, config, now)).toEqual(expected);
  });

  it('accepts only the current secret when there is no previous one', () => {
    expect(checkClientSecret(previous, { secretHash: hashSecret(current) }, NOW)).toEqual({
      code: '102',
      reason: 'secret-mismatch',
    });
  });
});

describe('generateClientId', () => {
  it('never starts with "-", which a command line would read as an option', () => {
    // Act: 2000 ids would hold about 31 with a leading "-" if nothing prevented it.
    const ids = Array.from({ length: 2000 }, generateClientId);
    // Assess
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
    expect(ids.every((id) => /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
