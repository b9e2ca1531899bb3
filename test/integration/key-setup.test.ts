/**
 * The deploy-time key setup (lambdas/key-setup/handler.ts, the onEvent handler behind CDK's custom
 * resource provider framework) against DynamoDB Local, with KMS faked: what it returns is what the
 * framework reports to CloudFormation, and what it throws is reported FAILED with its message.
 */
import { jest } from '@jest/globals';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { GenerateDataKeyPairWithoutPlaintextCommand, GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { CdkCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { DynamoSigningKeyRingStore } from '../../lambdas/adapters/dynamodb/signing-key-ring-store';
import type { TableNames } from '../../lambdas/adapters/dynamodb/tables';
import { activeSigningKey, rotateKeyRing, WRAPPED_KEY_CONTEXT } from '../../lambdas/core/signing-keys';
import { handler } from '../../lambdas/key-setup/handler';
import { dynamoEndpoint, freshTables } from '../support/sso-fixture';

const kmsMock = mockClient(KMSClient);
const KEK = 'arn:aws:kms:us-east-1:123456789012:key/kek';
const SIGNING_KEY = 'arn:aws:kms:us-east-1:123456789012:key/sign';
const spki = () =>
  new Uint8Array(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'der', type: 'spki' }));

let tables: TableNames;
let endpointBefore: string | undefined;

beforeAll(async () => {
  endpointBefore = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamoEndpoint();
});
afterAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpointBefore;
});
beforeEach(async () => {
  tables = await freshTables();
  kmsMock.reset();
  // As the key policy has it: no key pair without the encryption context.
  kmsMock
    .on(GenerateDataKeyPairWithoutPlaintextCommand)
    .callsFake((input: { EncryptionContext?: Record<string, string> }) => {
      if (JSON.stringify(input.EncryptionContext) !== JSON.stringify(WRAPPED_KEY_CONTEXT)) {
        throw Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
      }
      return { PrivateKeyCiphertextBlob: randomBytes(64), PublicKey: spki(), KeyId: KEK };
    });
  kmsMock
    .on(GetPublicKeyCommand)
    .resolves({ KeyId: SIGNING_KEY, PublicKey: spki(), KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
});

function event(
  requestType: 'Create' | 'Update' | 'Delete',
  properties: Record<string, string>,
): CdkCustomResourceEvent {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:key-setup',
    ResponseURL: 'https://cloudformation-custom-resource-response.example/response',
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Infoauth/1',
    RequestId: 'request-0',
    LogicalResourceId: 'SigningFirstSigningKey',
    ResourceType: 'Custom::InfoauthSigningKeyRing',
    ResourceProperties: { ServiceToken: 'x', ConfigTableName: tables.configs, ...properties },
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: 'infoauth-signing-key-ring', OldResourceProperties: {} }),
  } as CdkCustomResourceEvent;
}

async function ring() {
  const client = createDocumentClient({ endpoint: dynamoEndpoint() });
  const loaded = await new DynamoSigningKeyRingStore(client, tables.configs).load();
  client.destroy();
  return loaded;
}

describe('the key setup custom resource', () => {
  it('creates the first wrapped key pair on Create, active at once, and reports its kid to CloudFormation', async () => {
    // Prepare
    const create = event('Create', { SigningMode: 'wrapped', KeyId: KEK });
    // Act
    const answer = await handler(create);
    // Assess
    const saved = await ring();
    const active = saved && activeSigningKey(saved, Math.floor(Date.now() / 1000));
    expect(active?.wrappedPrivateKey).toEqual(expect.any(String));
    expect(answer).toEqual({ PhysicalResourceId: 'infoauth-signing-key-ring', Data: { Kid: active?.kid } });
  });

  it('keeps the key ring as it is on Update and does nothing on Delete', async () => {
    // Prepare
    await handler(event('Create', { SigningMode: 'wrapped', KeyId: KEK }));
    const before = await ring();
    // Act
    const update = await handler(event('Update', { SigningMode: 'wrapped', KeyId: KEK }));
    const deleted = await handler(event('Delete', { SigningMode: 'wrapped', KeyId: KEK }));
    // Assess
    expect(await ring()).toEqual(before);
    expect(kmsMock.commandCalls(GenerateDataKeyPairWithoutPlaintextCommand)).toHaveLength(1);
    expect(update.PhysicalResourceId).toBe('infoauth-signing-key-ring');
    expect(deleted).toEqual({ PhysicalResourceId: 'infoauth-signing-key-ring' });
  });

  it('on the upgrade, replaces a key wrapped without the encryption context: the new key signs at once', async () => {
    // Prepare: the ring as an older version left it (a wrapped key not bound to the context)
    const nowSeconds = Math.floor(Date.now() / 1000);
    const client = createDocumentClient({ endpoint: dynamoEndpoint() });
    const old = {
      kid: 'old-kid',
      publicJwk: { kty: 'EC' as const },
      wrappedPrivateKey: 'AAAA',
      createdAt: nowSeconds - 3600,
    };
    await new DynamoSigningKeyRingStore(client, tables.configs).save(
      rotateKeyRing(undefined, old, nowSeconds - 3600, 0),
      undefined,
    );
    client.destroy();
    // Act: the upgrade's Update (the new WrappedKeyContext property makes CloudFormation send it)
    const answer = await handler(event('Update', { SigningMode: 'wrapped', KeyId: KEK, WrappedKeyContext: '{}' }));
    // Assess
    const saved = await ring();
    const active = saved && activeSigningKey(saved, nowSeconds);
    expect(active?.kid).not.toBe('old-kid');
    expect(active?.wrappedInContext).toBe(true);
    expect(saved?.keys.find((key) => key.kid === 'old-kid')?.retireAt).toEqual(expect.any(Number));
    expect(answer.Data).toEqual({ Kid: active?.kid });
  });

  it('adds the stack KMS signing key when the stack switches to kms mode', async () => {
    // Prepare
    await handler(event('Create', { SigningMode: 'wrapped', KeyId: KEK }));
    // A stack update comes later than its creation (activeSigningKey takes the key that became active last).
    const later = Date.now() + 60_000;
    jest.spyOn(Date, 'now').mockReturnValue(later);
    // Act
    await handler(event('Update', { SigningMode: 'kms', KeyId: SIGNING_KEY }));
    // Assess
    jest.restoreAllMocks();
    const saved = await ring();
    expect(saved?.keys).toHaveLength(2);
    expect(activeSigningKey(saved!, Math.floor(later / 1000))?.kmsKeyId).toBe(SIGNING_KEY);
    expect(saved?.keys[0]?.retireAt).toEqual(expect.any(Number));
  });

  it('fails with the reason (the framework reports FAILED with it), and writes nothing', async () => {
    // Prepare
    kmsMock
      .on(GenerateDataKeyPairWithoutPlaintextCommand)
      .rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }));
    // Act
    const setup = handler(event('Create', { SigningMode: 'wrapped', KeyId: KEK }));
    // Assess
    await expect(setup).rejects.toThrow(/^Signing key setup failed: User is not authorized/);
    expect(await ring()).toBeUndefined();
  });

  it('fails for an unknown signing mode, naming it', async () => {
    // Prepare / Act
    const setup = handler(event('Create', { SigningMode: 'hsm', KeyId: KEK }));
    // Assess
    await expect(setup).rejects.toThrow(/hsm/);
  });
});
