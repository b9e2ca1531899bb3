/**
 * The DynamoDB document client, with every call bounded: a connection timeout, a request timeout that
 * really aborts (throwOnRequestTimeout), and a small retry budget, so a hanging or throttled DynamoDB
 * becomes a 105 within seconds and a lost write response is retried once.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoClientOptions {
  /** e.g. http://127.0.0.1:8000 for DynamoDB Local; the SDK's default (or AWS_ENDPOINT_URL_DYNAMODB) if unset. */
  readonly endpoint?: string;
  readonly region?: string;
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly maxAttempts?: number;
}

export const DEFAULT_TIMEOUTS = { connectionTimeoutMs: 1000, requestTimeoutMs: 1000, maxAttempts: 2 } as const;

/** Credentials DynamoDB Local accepts; used only when a local endpoint is given and none are configured. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

function isLoopback(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  try {
    const { hostname } = new URL(endpoint);
    return hostname === 'localhost' || hostname === '[::1]' || hostname.startsWith('127.');
  } catch {
    return false;
  }
}

export function createDocumentClient(options: DynamoClientOptions = {}): DynamoDBDocumentClient {
  const endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL_DYNAMODB;
  const local = isLoopback(endpoint) && !process.env.AWS_ACCESS_KEY_ID;
  const client = new DynamoDBClient({
    ...(endpoint ? { endpoint } : {}),
    region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(local ? { credentials: LOCAL_CREDENTIALS } : {}),
    maxAttempts: options.maxAttempts ?? DEFAULT_TIMEOUTS.maxAttempts,
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_TIMEOUTS.connectionTimeoutMs,
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_TIMEOUTS.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
