/** The origin secret adapter against a faked Secrets Manager (aws-sdk-client-mock): one read per cold start. */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { SecretsManagerOriginSecret } from '../../lambdas/adapters/secrets/origin-secret';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:EdgeOriginSecret-AbCdEf';
const secretsMock = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({ region: 'eu-west-1' });
afterEach(() => secretsMock.reset());

describe('SecretsManagerOriginSecret', () => {
  it('reads the secret once, however many requests ask for it', async () => {
    // Prepare
    secretsMock.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: 'value-1' });
    const secret = new SecretsManagerOriginSecret(client, ARN);
    // Act
    const values = await Promise.all([secret.current(), secret.current(), secret.current()]);
    // Assess
    expect(values).toEqual(['value-1', 'value-1', 'value-1']);
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('reads it again on refresh', async () => {
    // Prepare
    secretsMock
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: 'value-1' })
      .resolvesOnce({ SecretString: 'value-2' });
    const secret = new SecretsManagerOriginSecret(client, ARN);
    // Act
    const first = await secret.current();
    const refreshed = await secret.refresh();
    const after = await secret.current();
    // Assess
    expect([first, refreshed, after]).toEqual(['value-1', 'value-2', 'value-2']);
  });

  it('does not keep a failed read: the next request reads again', async () => {
    // Prepare
    secretsMock.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolvesOnce({ SecretString: 'value-1' });
    const secret = new SecretsManagerOriginSecret(client, ARN);
    // Act
    const failure = await secret.current().catch((error: unknown) => (error as Error).message);
    const value = await secret.current();
    // Assess
    expect(failure).toBe('throttled');
    expect(value).toBe('value-1');
  });

  it('treats a secret without a string value as a failure', async () => {
    // Prepare
    secretsMock.on(GetSecretValueCommand).resolves({});
    const secret = new SecretsManagerOriginSecret(client, ARN);
    // Act / Assess
    await expect(secret.current()).rejects.toThrow('no string value');
  });
});
