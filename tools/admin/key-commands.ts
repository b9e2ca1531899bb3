/** `keys list|rotate`: the assertion signing key ring (contract §5). */
import { InfoauthError } from '../../lambdas/core/errors';
import {
  activeSigningKey,
  JWKS_MAX_AGE_SECONDS,
  rotateKeyRing,
  type SigningKey,
} from '../../lambdas/core/signing-keys';
import type { AdminDeps } from './admin-deps';

/** signing: signs now; next: published, signs from `activeFrom`; retiring: published until `retireAt`. */
export type KeyStatus = 'signing' | 'next' | 'retiring' | 'retired';

export interface KeyView {
  readonly kid: string;
  readonly status: KeyStatus;
  readonly mode: 'wrapped' | 'kms';
  readonly createdAt: string;
  readonly activeFrom: string;
  readonly retireAt?: string;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

function statusOf(key: SigningKey, active: SigningKey | undefined, nowSeconds: number): KeyStatus {
  if (key.kid === active?.kid) return 'signing';
  if (key.retireAt !== undefined && key.retireAt <= nowSeconds) return 'retired';
  return key.activeFrom > nowSeconds ? 'next' : 'retiring';
}

function keyView(key: SigningKey, active: SigningKey | undefined, nowSeconds: number): KeyView {
  return {
    kid: key.kid,
    status: statusOf(key, active, nowSeconds),
    mode: key.kmsKeyId !== undefined ? 'kms' : 'wrapped',
    createdAt: iso(key.createdAt),
    activeFrom: iso(key.activeFrom),
    ...(key.retireAt !== undefined ? { retireAt: iso(key.retireAt) } : {}),
  };
}

export async function listKeys(deps: AdminDeps): Promise<{ version: number; keys: KeyView[] }> {
  const ring = await deps.keyRing.load();
  const nowSeconds = Math.floor(deps.now().getTime() / 1000);
  const active = ring && activeSigningKey(ring, nowSeconds);
  return { version: ring?.version ?? 0, keys: (ring?.keys ?? []).map((key) => keyView(key, active, nowSeconds)) };
}

export interface RotatedKeys {
  readonly kid: string;
  readonly activeFrom: string;
  readonly version: number;
  readonly keys: KeyView[];
}

/**
 * Adds a new signing key. It is published at once and signs after `activationDelay` seconds: by default
 * the JWKS cache lifetime (300 s), so target applications know it before they see it, or at once when
 * no key signs yet.
 */
export async function rotateKeys(deps: AdminDeps, activationDelay: number | undefined): Promise<RotatedKeys> {
  const ring = await deps.keyRing.load();
  const nowSeconds = Math.floor(deps.now().getTime() / 1000);
  const hasActive = ring !== undefined && activeSigningKey(ring, nowSeconds) !== undefined;
  const delay = activationDelay ?? (hasActive ? JWKS_MAX_AGE_SECONDS : 0);
  if (!Number.isInteger(delay) || delay < 0) {
    throw new InfoauthError('invalid-input', 'the activation delay must be a whole number of seconds, 0 or more');
  }
  const next = await deps.signingKeyFactory().create(nowSeconds);
  const rotated = rotateKeyRing(ring, next, nowSeconds, delay);
  await deps.keyRing.save(rotated, ring?.version);
  const active = activeSigningKey(rotated, nowSeconds);
  return {
    kid: next.kid,
    activeFrom: iso(nowSeconds + delay),
    version: rotated.version,
    keys: rotated.keys.map((key) => keyView(key, active, nowSeconds)),
  };
}
