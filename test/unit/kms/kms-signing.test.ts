/**
 * The KMS adapters with the KMS client faked (aws-sdk-client-mock): the fake does what KMS does with
 * real node:crypto P-256 keys, so the signatures and key pairs the adapters handle are real.
 */
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import {
  CreateKeyCommand,
  DecryptCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
  GetPublicKeyCommand,
  KMSClient,
  SignCommand,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { importJWK, jwtVerify } from 'jose';
import { KmsKeyRingEntrySigner, jwsSigningInput } from '../../../lambdas/adapters/kms/kms-entry-signer';
import { KEY_ADMINISTRATION_ACTIONS } from '../../../lambdas/adapters/kms/key-policy';
import { KmsKeyUnwrapper } from '../../../lambdas/adapters/kms/kms-key-unwrapper';
import {
  ExistingKmsSigningKeyFactory,
  NewKmsSigningKeyFactory,
} from '../../../lambdas/adapters/kms/kms-signing-key-factory';
import { createStackSigningKeyFactory } from '../../../lambdas/adapters/kms/stack-signing-key-factory';
import { KmsWrappedSigningKeyFactory } from '../../../lambdas/adapters/kms/wrapped-signing-key-factory';
import { WrappedKeyEntrySigner } from '../../../lambdas/adapters/signing/key-ring-signer';
import { DependencyFailure } from '../../../lambdas/core/errors';
import type { AssertionClaims } from '../../../lambdas/core/model';
import { WRAPPED_KEY_CONTEXT, type SigningKey } from '../../../lambdas/core/signing-keys';
import type { StackTarget } from '../../../lambdas/core/deployment';

const kmsMock = mockClient(KMSClient);
const kms = new KMSClient({ region: 'eu-west-1' });
afterEach(() => kmsMock.reset());

const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1111-2222';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/Infoauth-SsoRole';
const ROTATE_ROLE_ARN = 'arn:aws:iam::123456789012:role/Infoauth-KeysRotateRole';
const NOW = 1_750_000_000;
const claims: AssertionClaims = {
  iss: 'https://sso.example.test',
  aud: 'client-1',
  sub: 'jane@example.com',
  email: 'jane@example.com',
  cid: 'acme',
  iat: NOW,
  exp: NOW + 60,
  jti: 'assertion-1',
};

const spki = (key: KeyObject) => new Uint8Array(key.export({ format: 'der', type: 'spki' }));

function entryFor(kid: string, publicJwk: SigningKey['publicJwk'], extra: Partial<SigningKey>): SigningKey {
  return { kid, publicJwk, createdAt: NOW, activeFrom: NOW, ...extra };
}

describe('kms mode: KmsKeyRingEntrySigner', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  async function stackKeyEntry(): Promise<SigningKey> {
    kmsMock
      .on(GetPublicKeyCommand)
      .resolves({ KeyId: KEY_ARN, PublicKey: spki(publicKey), KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const created = await new ExistingKmsSigningKeyFactory(kms, KEY_ARN).create(NOW);
    return { ...created, activeFrom: NOW };
  }

  it('has KMS sign the SHA-256 digest of the JWS input and returns an ES256 JWT that verifies', async () => {
    // Prepare: the fake KMS checks the digest is that of the expected JWS input, then signs like KMS (DER)
    const key = await stackKeyEntry();
    const expectedInput = jwsSigningInput({ alg: 'ES256', kid: key.kid, typ: 'JWT' }, claims);
    kmsMock.on(SignCommand).callsFake((input: { Message: Uint8Array; MessageType: string; KeyId: string }) => {
      const digest = createHash('sha256').update(expectedInput).digest();
      if (input.MessageType !== 'DIGEST' || !digest.equals(Buffer.from(input.Message)) || input.KeyId !== KEY_ARN) {
        throw new Error('unexpected Sign request');
      }
      return { Signature: sign('sha256', Buffer.from(expectedInput), { key: privateKey, dsaEncoding: 'der' }) };
    });
    // Act
    const jwt = await new KmsKeyRingEntrySigner(kms).sign(key, claims);
    // Assess
    const verified = await jwtVerify(jwt, await importJWK(key.publicJwk, 'ES256'), {
      issuer: claims.iss,
      audience: claims.aud,
      currentDate: new Date(NOW * 1000),
    });
    expect(verified.protectedHeader).toEqual({ alg: 'ES256', kid: key.kid, typ: 'JWT' });
    expect(verified.payload).toEqual({ ...claims });
    expect(kmsMock.commandCalls(SignCommand)[0]?.args[0].input).toMatchObject({ SigningAlgorithm: 'ECDSA_SHA_256' });
  });

  it('reads the public key once per key, not once per assertion', async () => {
    // Prepare
    const key = await stackKeyEntry();
    kmsMock.on(SignCommand).callsFake(() => ({ Signature: sign('sha256', Buffer.from('x'), privateKey) }));
    const signer = new KmsKeyRingEntrySigner(kms);
    const callsBefore = kmsMock.commandCalls(GetPublicKeyCommand).length;
    // Act
    await signer.sign(key, claims);
    await signer.sign(key, { ...claims, jti: 'assertion-2' });
    // Assess
    expect(kmsMock.commandCalls(GetPublicKeyCommand).length - callsBefore).toBe(1);
    expect(kmsMock.commandCalls(SignCommand)).toHaveLength(2);
  });

  it('refuses to sign when the KMS key is not the published key (signing-unavailable)', async () => {
    // Prepare
    const key = await stackKeyEntry();
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    kmsMock.on(GetPublicKeyCommand).resolves({ KeyId: KEY_ARN, PublicKey: spki(other) });
    // Act
    const signing = new KmsKeyRingEntrySigner(kms).sign(key, claims);
    // Assess
    await expect(signing).rejects.toMatchObject({ reason: 'signing-unavailable' });
    expect(kmsMock.commandCalls(SignCommand)).toHaveLength(0);
  });

  it('turns a KMS failure into DependencyFailure signing-unavailable', async () => {
    // Prepare
    const key = await stackKeyEntry();
    kmsMock.on(SignCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    // Act
    const signing = new KmsKeyRingEntrySigner(kms).sign(key, claims);
    // Assess
    await expect(signing).rejects.toBeInstanceOf(DependencyFailure);
    await expect(signing).rejects.toMatchObject({ reason: 'signing-unavailable' });
  });

  it('refuses a wrapped key ring entry', async () => {
    // Prepare
    const key = entryFor('kid-1', { kty: 'EC' }, { wrappedPrivateKey: 'AAAA' });
    // Act
    const signing = new KmsKeyRingEntrySigner(kms).sign(key, claims);
    // Assess
    await expect(signing).rejects.toMatchObject({ reason: 'signing-unavailable' });
  });

  it('refuses a KMS key that is not an ECC_NIST_P256 signing key', async () => {
    // Prepare
    kmsMock.on(GetPublicKeyCommand).resolves({
      KeyId: KEY_ARN,
      PublicKey: spki(publicKey),
      KeySpec: 'RSA_2048',
      KeyUsage: 'SIGN_VERIFY',
    });
    // Act
    const creating = new ExistingKmsSigningKeyFactory(kms, KEY_ARN).create(NOW);
    // Assess
    await expect(creating).rejects.toThrow(/not an ECC_NIST_P256 signing key/);
  });
});

describe('wrapped mode: KmsWrappedSigningKeyFactory and KmsKeyUnwrapper', () => {
  type Context = Record<string, string> | undefined;
  const sameContext = (a: Context, b: Context) =>
    JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());
  const accessDenied = () => Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });

  /**
   * A fake KMS with the key policy's rules: GenerateDataKeyPairWithoutPlaintext and Decrypt are refused
   * (AccessDenied) without the encryption context, and a blob opens only under the context it was
   * generated with (InvalidCiphertext otherwise), as KMS binds the context to the ciphertext.
   */
  function fakeWrappingKms(): { plaintexts: Map<string, { plaintext: Buffer; context: Context }> } {
    const plaintexts = new Map<string, { plaintext: Buffer; context: Context }>();
    kmsMock
      .on(GenerateDataKeyPairWithoutPlaintextCommand)
      .callsFake((input: { KeyPairSpec: string; EncryptionContext?: Record<string, string> }) => {
        if (input.KeyPairSpec !== 'ECC_NIST_P256') throw new Error('unexpected key pair spec');
        if (!sameContext(input.EncryptionContext, WRAPPED_KEY_CONTEXT)) throw accessDenied();
        const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const blob = randomBytes(48);
        const plaintext = pair.privateKey.export({ format: 'der', type: 'pkcs8' });
        plaintexts.set(blob.toString('hex'), { plaintext, context: input.EncryptionContext });
        return { PrivateKeyCiphertextBlob: blob, PublicKey: spki(pair.publicKey), KeyId: KEY_ARN };
      });
    kmsMock
      .on(DecryptCommand)
      .callsFake((input: { CiphertextBlob: Uint8Array; EncryptionContext?: Record<string, string> }) => {
        if (!sameContext(input.EncryptionContext, WRAPPED_KEY_CONTEXT)) throw accessDenied();
        const stored = plaintexts.get(Buffer.from(input.CiphertextBlob).toString('hex'));
        if (!stored || !sameContext(stored.context, input.EncryptionContext)) {
          throw Object.assign(new Error('invalid ciphertext'), { name: 'InvalidCiphertextException' });
        }
        return { Plaintext: stored.plaintext, KeyId: KEY_ARN };
      });
    return { plaintexts };
  }

  it('stores only the encrypted private key and a public JWK whose kid is its thumbprint', async () => {
    // Prepare
    fakeWrappingKms();
    // Act
    const key = await new KmsWrappedSigningKeyFactory(kms, KEY_ARN).create(NOW);
    // Assess
    expect(kmsMock.commandCalls(GenerateDataKeyPairWithoutPlaintextCommand)[0]?.args[0].input).toEqual({
      KeyId: KEY_ARN,
      KeyPairSpec: 'ECC_NIST_P256',
      EncryptionContext: { purpose: 'infoauth-assertion-signing-key' },
    });
    expect(key.publicJwk).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x: expect.any(String),
      y: expect.any(String),
      kid: key.kid,
      alg: 'ES256',
      use: 'sig',
    });
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createPublicKey({ key: { ...key.publicJwk }, format: 'jwk' }).asymmetricKeyType).toBe('ec');
    expect(Object.keys(key).sort()).toEqual(['createdAt', 'kid', 'publicJwk', 'wrappedInContext', 'wrappedPrivateKey']);
    expect(key.wrappedInContext).toBe(true);
  });

  it('signs after one Decrypt of the wrapped key, and the JWT verifies with the published key', async () => {
    // Prepare
    fakeWrappingKms();
    const key = { ...(await new KmsWrappedSigningKeyFactory(kms, KEY_ARN).create(NOW)), activeFrom: NOW };
    const signer = new WrappedKeyEntrySigner(new KmsKeyUnwrapper(kms, KEY_ARN));
    // Act
    const first = await signer.sign(key, claims);
    await signer.sign(key, { ...claims, jti: 'assertion-2' });
    // Assess
    const { protectedHeader } = await jwtVerify(first, await importJWK(key.publicJwk, 'ES256'), {
      currentDate: new Date(NOW * 1000),
    });
    expect(protectedHeader.kid).toBe(key.kid);
    expect(kmsMock.commandCalls(DecryptCommand)).toHaveLength(1);
    expect(kmsMock.commandCalls(DecryptCommand)[0]?.args[0].input).toMatchObject({
      KeyId: KEY_ARN,
      EncryptionContext: { purpose: 'infoauth-assertion-signing-key' },
    });
  });

  it('cannot unwrap a key generated without the encryption context (a key wrapped before the upgrade)', async () => {
    // Prepare: the blob as an older version stored it, generated with no context
    const { plaintexts } = fakeWrappingKms();
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const blob = randomBytes(48);
    plaintexts.set(blob.toString('hex'), {
      plaintext: pair.privateKey.export({ format: 'der', type: 'pkcs8' }),
      context: undefined,
    });
    const key = entryFor('old-kid', { kty: 'EC' }, { wrappedPrivateKey: blob.toString('base64') });
    // Act
    const signing = new WrappedKeyEntrySigner(new KmsKeyUnwrapper(kms, KEY_ARN)).sign(key, claims);
    // Assess
    await expect(signing).rejects.toMatchObject({ reason: 'signing-unavailable' });
    expect(kmsMock.commandCalls(DecryptCommand)).toHaveLength(1);
  });

  it('turns a failed Decrypt into signing-unavailable, and tries again on the next sign-in', async () => {
    // Prepare
    kmsMock.on(DecryptCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const key = entryFor('kid-1', { kty: 'EC' }, { wrappedPrivateKey: Buffer.from('blob').toString('base64') });
    const signer = new WrappedKeyEntrySigner(new KmsKeyUnwrapper(kms, KEY_ARN));
    // Act
    const first = signer.sign(key, claims);
    await expect(first).rejects.toMatchObject({ reason: 'signing-unavailable' });
    const second = signer.sign(key, claims);
    // Assess
    await expect(second).rejects.toMatchObject({ reason: 'signing-unavailable' });
    expect(kmsMock.commandCalls(DecryptCommand)).toHaveLength(2);
  });
});

describe('createStackSigningKeyFactory', () => {
  const target = (overrides: Partial<StackTarget>): StackTarget => ({
    stackName: 'Infoauth',
    tables: { configs: 'c', features: 'f', usedTokens: 'u', audit: 'a' },
    signingMode: 'wrapped',
    logGroupName: '/aws/lambda/sso',
    ssoUrl: 'https://api.example.test/sso',
    errorPageUrl: 'https://error.example.test/',
    jwksUrl: 'https://api.example.test/.well-known/jwks.json',
    ...overrides,
  });

  it('wraps new key pairs under the stack key-encryption key in wrapped mode', () => {
    // Prepare / Act
    const factory = createStackSigningKeyFactory(
      target({ keyEncryptionKeyId: KEY_ARN, keysRotateRoleArn: ROTATE_ROLE_ARN }),
      kms,
    );
    // Assess
    expect(factory).toBeInstanceOf(KmsWrappedSigningKeyFactory);
  });

  it('creates a new KMS signing key that only the SSO function role may sign with, in kms mode', async () => {
    // Prepare
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const newKeyArn = 'arn:aws:kms:eu-west-1:123456789012:key/3333-4444';
    kmsMock.on(CreateKeyCommand).resolves({ KeyMetadata: { KeyId: '3333-4444', Arn: newKeyArn } });
    kmsMock.on(GetPublicKeyCommand).resolves({
      KeyId: newKeyArn,
      PublicKey: spki(publicKey),
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
    });
    const factory = createStackSigningKeyFactory(
      target({
        signingMode: 'kms',
        signingKeyId: KEY_ARN,
        ssoFunctionRoleArn: ROLE_ARN,
        keysRotateRoleArn: ROTATE_ROLE_ARN,
      }),
      kms,
    );
    // Act
    const key = await factory.create(NOW);
    // Assess
    expect(factory).toBeInstanceOf(NewKmsSigningKeyFactory);
    expect(key.kmsKeyId).toBe(newKeyArn);
    const request = kmsMock.commandCalls(CreateKeyCommand)[0]?.args[0].input;
    expect(request).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    expect(request?.Tags).toEqual([{ TagKey: 'infoauth:stack', TagValue: 'Infoauth' }]);
    expect(JSON.parse(request?.Policy ?? '{}')).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AccountAdministersKeyOnly',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:root' },
          Action: [...KEY_ADMINISTRATION_ACTIONS],
          Resource: '*',
        },
        {
          Sid: 'SsoFunctionSignsAssertions',
          Effect: 'Allow',
          Principal: { AWS: ROLE_ARN },
          Action: 'kms:Sign',
          Resource: '*',
          Condition: { StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'DIGEST' } },
        },
        {
          Sid: 'SsoFunctionReadsPublicKey',
          Effect: 'Allow',
          Principal: { AWS: ROLE_ARN },
          Action: 'kms:GetPublicKey',
          Resource: '*',
        },
        {
          Sid: 'KeySetupAndRotationReadPublicKey',
          Effect: 'Allow',
          Principal: { AWS: ROTATE_ROLE_ARN },
          Action: 'kms:GetPublicKey',
          Resource: '*',
        },
      ],
    });
  });

  it.each([
    [
      'wrapped mode without a key-encryption key',
      { signingMode: 'wrapped' as const, keysRotateRoleArn: ROTATE_ROLE_ARN },
    ],
    [
      'kms mode without the SSO function role',
      { signingMode: 'kms' as const, signingKeyId: KEY_ARN, keysRotateRoleArn: ROTATE_ROLE_ARN },
    ],
    ['a stack without the keys rotate role (deployed by an older version)', { keyEncryptionKeyId: KEY_ARN }],
  ])('says what is missing for %s', (_case, overrides) => {
    // Prepare / Act
    const create = () => createStackSigningKeyFactory(target(overrides), kms);
    // Assess
    expect(create).toThrow(/has no/);
  });
});
