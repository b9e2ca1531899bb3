/**
 * The custom resource behind the stack's first assertion signing key: on Create and Update it makes
 * sure the key ring holds a key of the stack's signing mode; on Delete it does nothing (the key ring
 * lives in the retained configurations table, and keys must outlive the assertions they signed).
 *
 * Resource properties: `SigningMode` ('wrapped' | 'kms'), `KeyId` (the key-encryption key, or the KMS
 * signing key's ARN), `ConfigTableName`.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import type { CdkCustomResourceEvent, CdkCustomResourceResponse } from 'aws-lambda';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoSigningKeyRingStore } from '../adapters/dynamodb/signing-key-ring-store';
import { ExistingKmsSigningKeyFactory } from '../adapters/kms/kms-signing-key-factory';
import { KmsWrappedSigningKeyFactory } from '../adapters/kms/wrapped-signing-key-factory';
import type { SigningKeyFactory } from '../core/ports';
import { ensureSigningKeyRing, type KeyFitsStack } from './ensure-key-ring';

export const KEY_RING_RESOURCE_ID = 'infoauth-signing-key-ring';

interface KeySetupProperties {
  readonly mode: 'wrapped' | 'kms';
  readonly keyId: string;
  readonly configTableName: string;
}

function propertiesOf(event: CdkCustomResourceEvent): KeySetupProperties {
  const { SigningMode, KeyId, ConfigTableName } = event.ResourceProperties as Record<string, unknown>;
  if (SigningMode !== 'wrapped' && SigningMode !== 'kms') throw new Error(`unknown SigningMode ${String(SigningMode)}`);
  if (typeof KeyId !== 'string' || typeof ConfigTableName !== 'string') {
    throw new Error('KeyId and ConfigTableName are required');
  }
  return { mode: SigningMode, keyId: KeyId, configTableName: ConfigTableName };
}

function modeRules(kms: KMSClient, { mode, keyId }: KeySetupProperties): [SigningKeyFactory, KeyFitsStack] {
  if (mode === 'wrapped') {
    // A key wrapped before keys were bound to the encryption context no longer decrypts: replace it.
    return [
      new KmsWrappedSigningKeyFactory(kms, keyId),
      (key) => key.wrappedPrivateKey !== undefined && key.wrappedInContext === true,
    ];
  }
  return [new ExistingKmsSigningKeyFactory(kms, keyId), (key) => key.kmsKeyId === keyId];
}

/**
 * The custom resource's onEvent handler, behind CDK's custom resource provider framework (lib/signing.ts):
 * the framework answers CloudFormation, retries and times out, so a failure here (a thrown error) is
 * reported FAILED with its message and never leaves the stack waiting for an hour.
 */
export async function handler(event: CdkCustomResourceEvent): Promise<CdkCustomResourceResponse> {
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const kms = new KMSClient({ maxAttempts: 3 });
  const documentClient = createDocumentClient();
  try {
    const properties = propertiesOf(event);
    const [factory, fits] = modeRules(kms, properties);
    const store = new DynamoSigningKeyRingStore(documentClient, properties.configTableName);
    const result = await ensureSigningKeyRing(store, factory, fits, Math.floor(Date.now() / 1000));
    console.log(JSON.stringify({ message: 'signing key ring ready', ...result, mode: properties.mode }));
    return { PhysicalResourceId: KEY_RING_RESOURCE_ID, Data: { Kid: result.kid } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(JSON.stringify({ message: 'signing key setup failed', error: message }));
    throw new Error(`Signing key setup failed: ${message}`.slice(0, 500), { cause: error });
  } finally {
    kms.destroy();
    documentClient.destroy();
  }
}
