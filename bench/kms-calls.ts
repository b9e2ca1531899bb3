/**
 * KMS calls per sign-in and per replay in `kms` mode, counted where they would leave the process. KMS
 * is answered in memory at the SDK's HTTP handler (GetPublicKey, Sign with a real P-256 key), so the
 * KMS client, the entry signer, the key ring signer and the core's sign-in run as deployed; the used
 * tokens and the settings are in the bench's DynamoDB. A replay is a used, unexpired token sent again.
 */
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { KMSClient } from '@aws-sdk/client-kms';
import { createDocumentClient } from '../lambdas/adapters/dynamodb/client';
import { DynamoSsoSettingsStore } from '../lambdas/adapters/dynamodb/sso-settings-store';
import { DynamoUsedTokenStore } from '../lambdas/adapters/dynamodb/used-token-store';
import { KmsKeyRingEntrySigner } from '../lambdas/adapters/kms/kms-entry-signer';
import { ExistingKmsSigningKeyFactory } from '../lambdas/adapters/kms/kms-signing-key-factory';
import { KeyRingSigner } from '../lambdas/adapters/signing/key-ring-signer';
import { signIn as decide, type SignInDeps, type SignInOutcome } from '../lambdas/core/sign-in';
import { rotateKeyRing } from '../lambdas/core/signing-keys';
import { BENCH_ISSUER, signIn, type BenchScenario } from './bench-scenario';
import type { SdkRequestHandler } from './in-memory-dynamo';
import type { SignInFields } from './sign-in-event';

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-0000000000a1';
const JSON_HEADERS = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'in-memory' };

/** KMS's GetPublicKey and Sign (MessageType DIGEST) for one ECC_NIST_P256 key, every call counted. */
class InMemoryKms implements SdkRequestHandler {
  readonly calls = new Map<string, number>();
  private readonly key: { publicKey: KeyObject; privateKey: KeyObject } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
  });

  total(): number {
    return [...this.calls.values()].reduce((sum, count) => sum + count, 0);
  }

  private answer(operation: string, body: { Message?: string }): unknown {
    if (operation === 'GetPublicKey') {
      const spki = this.key.publicKey.export({ format: 'der', type: 'spki' });
      return { KeyId: KEY_ARN, PublicKey: spki.toString('base64'), KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' };
    }
    if (operation === 'Sign' && body.Message !== undefined) {
      const digest = Buffer.from(body.Message, 'base64');
      const signature = sign(null, digest, { key: this.key.privateKey, dsaEncoding: 'der' });
      return { KeyId: KEY_ARN, Signature: signature.toString('base64'), SigningAlgorithm: 'ECDSA_SHA_256' };
    }
    throw new Error(`the in-memory KMS does not answer ${operation}`);
  }

  async handle(request: { headers: Record<string, string>; body?: unknown }) {
    const target = request.headers['x-amz-target'] ?? request.headers['X-Amz-Target'] ?? '';
    const operation = target.slice(target.indexOf('.') + 1);
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
    const raw: unknown = request.body;
    const text = typeof raw === 'string' ? raw : raw instanceof Uint8Array ? new TextDecoder().decode(raw) : '{}';
    const answer = new TextEncoder().encode(JSON.stringify(this.answer(operation, JSON.parse(text) as object)));
    return { response: { statusCode: 200, headers: { ...JSON_HEADERS }, body: answer } };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {}
}

export interface KmsCallFigures {
  /** The first sign-in of a process: the key check (GetPublicKey) and the Sign. */
  readonly firstSignIn: number;
  readonly perSignIn: number;
  readonly perReplay: number;
  readonly signIns: number;
  readonly replays: number;
}

const toRequest = (fields: SignInFields) => ({
  clientId: fields.client_id,
  clientSecret: fields.client_secret,
  token: fields.token,
});

function expectOutcome(outcome: SignInOutcome, expected: 'signed-in' | '104'): void {
  const got = outcome.kind === 'signed-in' ? outcome.kind : `${outcome.code} (${outcome.reason})`;
  if (!got.startsWith(expected)) throw new Error(`kms calls: expected ${expected}, got ${got}`);
}

/**
 * Signs in `signIns` fresh tokens, then sends the first one again `replays` times (each must be 104),
 * counting the KMS requests of each part.
 */
export async function measureKmsCalls(
  scenario: BenchScenario,
  dynamoEndpoint: string,
  counts: { readonly signIns: number; readonly replays: number },
): Promise<KmsCallFigures> {
  const kmsTransport = new InMemoryKms();
  const kms = new KMSClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: kmsTransport,
  });
  const documentClient = createDocumentClient({ endpoint: dynamoEndpoint });
  try {
    const nowSeconds = Math.floor(Date.now() / 1000);
    const ring = rotateKeyRing(
      undefined,
      await new ExistingKmsSigningKeyFactory(kms, KEY_ARN).create(nowSeconds),
      nowSeconds,
      0,
    );
    const deps: SignInDeps = {
      settings: new DynamoSsoSettingsStore(documentClient, scenario.tables),
      usedTokens: new DynamoUsedTokenStore(documentClient, scenario.tables.usedTokens),
      signer: new KeyRingSigner(
        { load: () => Promise.resolve(ring), save: () => Promise.resolve() },
        new KmsKeyRingEntrySigner(kms),
      ),
      issuer: BENCH_ISSUER,
      newId: randomUUID,
    };
    const tokens = await Promise.all(Array.from({ length: counts.signIns + 1 }, (_, index) => signIn(scenario, index)));
    const [first, ...rest] = tokens;
    if (!first) throw new Error('kms calls: no sign-in to measure');

    const beforeFirst = kmsTransport.total();
    expectOutcome(await decide(toRequest(first), deps, new Date()), 'signed-in');
    const beforeSignIns = kmsTransport.total();
    for (const fields of rest) expectOutcome(await decide(toRequest(fields), deps, new Date()), 'signed-in');
    const beforeReplays = kmsTransport.total();
    for (let replay = 0; replay < counts.replays; replay += 1) {
      expectOutcome(await decide(toRequest(first), deps, new Date()), '104');
    }
    const afterReplays = kmsTransport.total();
    return {
      firstSignIn: beforeSignIns - beforeFirst,
      perSignIn: (beforeReplays - beforeSignIns) / Math.max(1, rest.length),
      perReplay: (afterReplays - beforeReplays) / Math.max(1, counts.replays),
      signIns: rest.length,
      replays: counts.replays,
    };
  } finally {
    kms.destroy();
    documentClient.destroy();
  }
}
