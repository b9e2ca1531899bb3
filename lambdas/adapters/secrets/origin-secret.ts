/**
 * The edge's origin secret from Secrets Manager, read once per cold start (the composition root starts
 * the read during the function's init) and again only when {@link refresh} is asked for. The value is
 * never put in the function's environment, where anyone allowed to read the function's configuration
 * would see it.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { EdgeOriginSecret } from '../../core/ports';

export const SECRETS_TIMEOUTS = { connectionTimeoutMs: 1000, requestTimeoutMs: 1000, maxAttempts: 2 } as const;

/** A Secrets Manager client whose every call ends within about two and a half seconds. */
export function createBoundedSecretsClient(): SecretsManagerClient {
  return new SecretsManagerClient({
    maxAttempts: SECRETS_TIMEOUTS.maxAttempts,
    requestHandler: {
      connectionTimeout: SECRETS_TIMEOUTS.connectionTimeoutMs,
      requestTimeout: SECRETS_TIMEOUTS.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  });
}

export class SecretsManagerOriginSecret implements EdgeOriginSecret {
  private pending: Promise<string> | undefined;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
  ) {}

  current(): Promise<string> {
    this.pending ??= this.read();
    return this.pending;
  }

  refresh(): Promise<string> {
    this.pending = this.read();
    return this.pending;
  }

  /** A failed read is not kept: the next request reads again. */
  private read(): Promise<string> {
    const reading = this.client
      .send(new GetSecretValueCommand({ SecretId: this.secretId }))
      .then(({ SecretString }) => {
        if (!SecretString) throw new Error('the origin secret has no string value');
        return SecretString;
      });
    reading.catch(() => {
      if (this.pending === reading) this.pending = undefined;
    });
    return reading;
  }
}
