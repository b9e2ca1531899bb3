/**
 * Signs assertions with the active key of the key ring, in the function's memory (`wrapped` mode): the
 * private key is unwrapped once per cold start (KMS Decrypt in AWS, a local KEK on a laptop) and kept.
 * The ring is re-read at most once a minute, so a rotation is picked up without a redeploy.
 */
import { SignJWT, type CryptoKey, type JSONWebKeySet } from 'jose';
import { DependencyFailure } from '../../core/errors';
import type { AssertionClaims } from '../../core/model';
import type { AssertionSigner, KeyUnwrapper, PublicKeySource, SigningKeyRingStore } from '../../core/ports';
import { activeSigningKey, publishedKeys, type SigningKey, type SigningKeyRing } from '../../core/signing-keys';

export const KEY_RING_REFRESH_MS = 60_000;

/** Signs the JWS input of an assertion with one key ring entry; wrapped keys here, KMS in `kms` mode. */
export interface KeyRingEntrySigner {
  sign(key: SigningKey, claims: AssertionClaims): Promise<string>;
  /** Makes the key ready to sign (unwrapped in memory, or its KMS public key confirmed); throws if it cannot be. */
  prepare(key: SigningKey): Promise<void>;
}

export class KeyRingSigner implements AssertionSigner, PublicKeySource {
  private cached?: { ring: SigningKeyRing; loadedAt: number };
  private loading?: Promise<SigningKeyRing>;

  constructor(
    private readonly store: SigningKeyRingStore,
    private readonly entrySigner: KeyRingEntrySigner,
    private readonly nowMs: () => number = Date.now,
    private readonly refreshMs: number = KEY_RING_REFRESH_MS,
  ) {}

  private async ring(): Promise<SigningKeyRing> {
    if (this.cached && this.nowMs() - this.cached.loadedAt < this.refreshMs) return this.cached.ring;
    this.loading ??= this.store
      .load()
      .then((ring) => {
        if (!ring) throw new DependencyFailure('signing-unavailable', 'no assertion signing key has been created');
        this.cached = { ring, loadedAt: this.nowMs() };
        return ring;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  async sign(claims: AssertionClaims): Promise<string> {
    const key = activeSigningKey(await this.ring(), Math.floor(this.nowMs() / 1000));
    if (!key) throw new DependencyFailure('signing-unavailable', 'no signing key is active');
    return this.entrySigner.sign(key, claims);
  }

  /** Resolves when the active key is loaded and ready to sign (for `GET /health`); throws otherwise. */
  async ready(): Promise<void> {
    const key = activeSigningKey(await this.ring(), Math.floor(this.nowMs() / 1000));
    if (!key) throw new DependencyFailure('signing-unavailable', 'no signing key is active');
    await this.entrySigner.prepare(key);
  }

  async jwks(): Promise<JSONWebKeySet> {
    return { keys: publishedKeys(await this.ring(), Math.floor(this.nowMs() / 1000)) };
  }
}

/** `wrapped` mode: unwraps each key's private half once and signs in memory with jose. */
export class WrappedKeyEntrySigner implements KeyRingEntrySigner {
  private readonly privateKeys = new Map<string, Promise<CryptoKey>>();

  constructor(private readonly unwrapper: KeyUnwrapper) {}

  private privateKey(key: SigningKey): Promise<CryptoKey> {
    let privateKey = this.privateKeys.get(key.kid);
    if (!privateKey) {
      if (!key.wrappedPrivateKey)
        throw new DependencyFailure('signing-unavailable', `key ${key.kid} has no wrapped key`);
      privateKey = this.unwrapper
        .unwrap(Buffer.from(key.wrappedPrivateKey, 'base64'))
        .then((pkcs8) =>
          crypto.subtle.importKey('pkcs8', pkcs8 as BufferSource, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
            'sign',
          ]),
        );
      // A failed unwrap is not cached: the next sign-in tries again.
      privateKey.catch(() => this.privateKeys.delete(key.kid));
      this.privateKeys.set(key.kid, privateKey);
    }
    return privateKey;
  }

  async prepare(key: SigningKey): Promise<void> {
    await this.privateKey(key);
  }

  async sign(key: SigningKey, claims: AssertionClaims): Promise<string> {
    const privateKey = await this.privateKey(key);
    return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' }).sign(privateKey);
  }
}
