/**
 * `kms` mode: every assertion is signed inside KMS (the private key never leaves it). The JWS signing
 * input is hashed here and KMS signs the SHA-256 digest (MessageType DIGEST), so the request stays
 * small whatever the claims; KMS's DER signature becomes JOSE's r ‖ s.
 */
import { createHash } from 'node:crypto';
import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import { DependencyFailure } from '../../core/errors';
import type { AssertionClaims } from '../../core/model';
import type { SigningKey } from '../../core/signing-keys';
import type { KeyRingEntrySigner } from '../signing/key-ring-signer';
import { derToJoseEcdsaSignature } from './der-ecdsa-signature';
import { es256PublicJwkFromSpki } from './public-key-jwk';

const base64url = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64url');

/** The JWS signing input (RFC 7515 §5.1): BASE64URL(header) '.' BASE64URL(payload). */
export function jwsSigningInput(header: Record<string, unknown>, claims: AssertionClaims): string {
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
}

export class KmsKeyRingEntrySigner implements KeyRingEntrySigner {
  /** kid → the check that the KMS key's public key is the one the key ring publishes (once per key). */
  private readonly verifiedKeys = new Map<string, Promise<void>>();

  constructor(private readonly kms: KMSClient) {}

  /**
   * Before a key's first signature, GetPublicKey confirms that the key ring's kid is the thumbprint of
   * the KMS key's public key, so a mismatched ring entry fails here (105, reason in the log) rather
   * than producing assertions that no target application can verify. Cached per key; a failure is not.
   */
  private verifyPublishedKey(key: SigningKey, keyId: string): Promise<void> {
    let check = this.verifiedKeys.get(key.kid);
    if (!check) {
      check = this.kms.send(new GetPublicKeyCommand({ KeyId: keyId })).then(async ({ PublicKey }) => {
        if (!PublicKey) throw new Error('KMS returned no public key');
        const { kid } = await es256PublicJwkFromSpki(PublicKey);
        if (kid !== key.kid) throw new Error(`KMS key ${keyId} is not the published key ${key.kid}`);
      });
      check.catch(() => this.verifiedKeys.delete(key.kid));
      this.verifiedKeys.set(key.kid, check);
    }
    return check;
  }

  async prepare(key: SigningKey): Promise<void> {
    if (!key.kmsKeyId) throw new DependencyFailure('signing-unavailable', `key ${key.kid} is not a KMS signing key`);
    await this.verifyPublishedKey(key, key.kmsKeyId);
  }

  async sign(key: SigningKey, claims: AssertionClaims): Promise<string> {
    const keyId = key.kmsKeyId;
    if (!keyId) throw new DependencyFailure('signing-unavailable', `key ${key.kid} is not a KMS signing key`);
    const signingInput = jwsSigningInput({ alg: 'ES256', kid: key.kid, typ: 'JWT' }, claims);
    try {
      await this.verifyPublishedKey(key, keyId);
      const { Signature } = await this.kms.send(
        new SignCommand({
          KeyId: keyId,
          Message: createHash('sha256').update(signingInput).digest(),
          MessageType: 'DIGEST',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      if (!Signature) throw new Error('KMS returned no signature');
      return `${signingInput}.${base64url(derToJoseEcdsaSignature(Signature))}`;
    } catch (cause) {
      throw new DependencyFailure('signing-unavailable', 'KMS could not sign the assertion', { cause });
    }
  }
}
