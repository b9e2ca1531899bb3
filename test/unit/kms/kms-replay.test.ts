/**
 * `kms` mode: a replay of a used token costs no KMS call. The core's sign-in runs with the real key ring
 * signer and KMS entry signer over a faked KMS client (aws-sdk-client-mock) that signs like KMS with a
 * real P-256 key, so every Sign and GetPublicKey the adapters send is counted.
 */
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { ExistingKmsSigningKeyFactory } from '../../../lambdas/adapters/kms/kms-signing-key-factory';
import { KmsKeyRingEntrySigner } from '../../../lambdas/adapters/kms/kms-entry-signer';
import { KeyRingSigner } from '../../../lambdas/adapters/signing/key-ring-signer';
import { generateClientSecret } from '../../../lambdas/core/client-secret';
import { newSsoConfig } from '../../../lambdas/core/config-admin';
import type { PublicJwk, SsoRequest } from '../../../lambdas/core/model';
import { signIn, type SignInDeps } from '../../../lambdas/core/sign-in';
import { rotateKeyRing, type SigningKeyRing } from '../../../lambdas/core/signing-keys';
import { FakeSettingsStore, FakeUsedTokenStore } from '../../support/fake-ports';

const NOW = new Date('2026-11-24T12:00:00Z');
const nowSeconds = NOW.getTime() / 1000;
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/5555-6666';
const REPLAYS = 5;

const kmsMock = mockClient(KMSClient);
const kms = new KMSClient({ region: 'eu-west-1' });
const kmsKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
/** What KMS Sign answers for MessageType DIGEST: the DER ECDSA signature of the digest as given. */
const signLikeKms = (input: { Message: Uint8Array }) => ({
  Signature: sign(null, Buffer.from(input.Message), { key: kmsKey.privateKey, dsaEncoding: 'der' }),
});

let clientKey: CryptoKey;
let deps: SignInDeps;
let usedTokens: FakeUsedTokenStore;
let secret: string;

beforeAll(async () => {
  clientKey = (await generateKeyPair('ES256', { extractable: true })).privateKey;
});

beforeEach(async () => {
  // Prepare: a KMS that answers like KMS (DER signatures of the digest, the key's SPKI public key)
  kmsMock.reset();
  kmsMock.on(GetPublicKeyCommand).resolves({
    KeyId: KEY_ARN,
    PublicKey: new Uint8Array(kmsKey.publicKey.export({ format: 'der', type: 'spki' })),
    KeySpec: 'ECC_NIST_P256',
    KeyUsage: 'SIGN_VERIFY',
  });
  kmsMock.on(SignCommand).callsFake(signLikeKms);
  const entry = await new ExistingKmsSigningKeyFactory(kms, KEY_ARN).create(nowSeconds - 100);
  const ring: SigningKeyRing = rotateKeyRing(undefined, entry, nowSeconds - 100, 0);
  const publicJwk = { ...(await exportJWK(clientKey)), kid: 'client-key', alg: 'ES256' } as PublicJwk;
  delete (publicJwk as { d?: string }).d;
  secret = generateClientSecret();
  const config = newSsoConfig(
    { clientId: 'client-1', secret, cid: 'acme', targetUrl: 'https://app.example.com/landing', keys: [publicJwk] },
    nowSeconds - 1000,
  );
  const settings = new FakeSettingsStore();
  settings.configs.set(config.clientId, config);
  settings.features.set('acme', true);
  usedTokens = new FakeUsedTokenStore();
  const signer = new KeyRingSigner(
    { load: async () => ring, save: async () => {} },
    new KmsKeyRingEntrySigner(kms),
    () => NOW.getTime(),
  );
  deps = { settings, usedTokens, signer, issuer: 'https://sso.example.com', newId: randomUUID };
  kmsMock.resetHistory();
});

const request = async (jti: string): Promise<SsoRequest> => ({
  clientId: 'client-1',
  clientSecret: secret,
  token: await new SignJWT({ cid: 'acme', email: 'jane@example.com', jti, iat: nowSeconds, exp: nowSeconds + 60 })
    .setProtectedHeader({ alg: 'ES256', kid: 'client-key' })
    .sign(clientKey),
});

const kmsCalls = () => kmsMock.calls().length;
const signCalls = () => kmsMock.commandCalls(SignCommand).length;

describe('kms mode: KMS calls per sign-in and per replay', () => {
  it('signs the first use with one kms:Sign and answers every replay of the used token with 104 and no KMS call', async () => {
    // Prepare
    const used = await request('jti-replayed');
    const first = await signIn(used, deps, NOW);
    expect(first.kind).toBe('signed-in');
    expect(signCalls()).toBe(1);
    const callsAfterFirstUse = kmsCalls();
    // Act
    const replays = [];
    for (let replay = 0; replay < REPLAYS; replay += 1) replays.push(await signIn(used, deps, NOW));
    // Assess
    expect(replays.map((outcome) => (outcome.kind === 'refused' ? outcome.code : outcome.kind))).toEqual(
      Array<string>(REPLAYS).fill('104'),
    );
    expect(signCalls()).toBe(1);
    expect(kmsCalls() - callsAfterFirstUse).toBe(0);
  });

  it('a failed kms:Sign leaves the token unused: the same token signs in once KMS answers again', async () => {
    // Prepare
    const token = await request('jti-after-failure');
    let failNext = true;
    kmsMock.on(SignCommand).callsFake((input: { Message: Uint8Array }) => {
      if (!failNext) return signLikeKms(input);
      failNext = false;
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    });
    // Act
    const failed = await signIn(token, deps, NOW);
    const retried = await signIn(token, deps, NOW);
    // Assess
    expect(failed).toMatchObject({ kind: 'refused', code: '105', reason: 'signing-unavailable' });
    expect(retried.kind).toBe('signed-in');
    expect(signCalls()).toBe(2);
    expect(usedTokens.used.size).toBe(1);
  });
});
