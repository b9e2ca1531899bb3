/**
 * Client secrets: 256 random bits, stored only as a SHA-256 hash and compared in constant time.
 * A slow password hash would add cost without adding safety for a secret of this entropy.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Refusal } from './catalog';
import type { SsoConfig } from './model';

const MAX_SECRET_LENGTH = 512;

/** A new client secret: 32 random bytes, base64url. Shown once; only its hash is stored. */
export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A new client id: 16 random bytes, base64url (22 characters), never starting with "-". */
export function generateClientId(): string {
  const id = randomBytes(16).toString('base64url');
  // An id starting with "-" reads as an option on a command line (`config get -x…`): draw again (1 in 64).
  return id.startsWith('-') ? generateClientId() : id;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

function sameHash(presentedHash: Buffer, storedHex: string): boolean {
  const stored = Buffer.from(storedHex, 'hex');
  return stored.length === presentedHash.length && timingSafeEqual(stored, presentedHash);
}

/**
 * Accepts the current secret, or the previous one until its grace period ends (contract §3, code 102).
 * Both hashes are always compared, so timing does not tell which one matched.
 */
export function checkClientSecret(
  presented: string | undefined,
  config: Pick<SsoConfig, 'secretHash' | 'previousSecret'>,
  nowSeconds: number,
): Refusal | undefined {
  if (presented === undefined || presented === '') return { code: '102', reason: 'secret-missing' };
  if (presented.length > MAX_SECRET_LENGTH) return { code: '102', reason: 'secret-mismatch' };
  const presentedHash = createHash('sha256').update(presented, 'utf8').digest();
  const current = sameHash(presentedHash, config.secretHash);
  const previous = config.previousSecret;
  const matchesPrevious = previous !== undefined && sameHash(presentedHash, previous.hash);
  if (current) return undefined;
  if (matchesPrevious) {
    return nowSeconds < previous.expiresAt ? undefined : { code: '102', reason: 'secret-grace-expired' };
  }
  return { code: '102', reason: 'secret-mismatch' };
}
