/**
 * The KMS client of the SSO function, bounded like the DynamoDB client: a hanging or throttled KMS
 * becomes a 105 within seconds instead of running into the function's timeout.
 */
import { KMSClient } from '@aws-sdk/client-kms';

export const KMS_TIMEOUTS = { connectionTimeoutMs: 1000, requestTimeoutMs: 1000, maxAttempts: 2 } as const;

/** A KMS client whose every call ends (answer or error) within about two and a half seconds. */
export function createBoundedKmsClient(): KMSClient {
  return new KMSClient({
    maxAttempts: KMS_TIMEOUTS.maxAttempts,
    requestHandler: {
      connectionTimeout: KMS_TIMEOUTS.connectionTimeoutMs,
      requestTimeout: KMS_TIMEOUTS.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  });
}
