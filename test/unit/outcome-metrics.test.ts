/** One EMF metric per SSO request (issue 2): SsoSuccess, or SsoError with the ErrorCode dimension. */
import { METRICS } from '../../lambdas/core/catalog';
import { createInMemorySso, type InMemorySso } from '../support/in-memory-sso';
import { captureLogs, type LogCapture } from '../support/log-capture';
import { mintToken, ssoEvent } from '../support/sso-fixture';

interface Emf {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  [key: string]: unknown;
}

let sso: InMemorySso;
let logs: LogCapture;
beforeAll(async () => {
  sso = await createInMemorySso();
  logs = captureLogs();
});
afterAll(() => logs.stop());

const token = (claims: Record<string, unknown> = {}) => mintToken(sso.client, claims, { now: sso.now });

/** The EMF blobs written while `send` ran. */
async function metricsOf(send: () => Promise<unknown>): Promise<Emf[]> {
  const before = logs.lines.length;
  await send();
  return logs.lines
    .slice(before)
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Emf);
}

describe('the metric of each SSO request', () => {
  it('is one SsoSuccess for a sign-in', async () => {
    // Act
    const emf = await metricsOf(async () =>
      sso.handle(ssoEvent({ client_id: sso.client.clientId, client_secret: sso.client.secret, token: await token() })),
    );
    // Assess
    expect(emf).toHaveLength(1);
    expect(emf[0]!._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: METRICS.namespace,
      Metrics: [{ Name: METRICS.success }],
    });
    expect(emf[0]![METRICS.errorCodeDimension]).toBeUndefined();
  });

  it.each([
    ['101', async () => ({ client_id: 'nobody' })],
    ['102', async () => ({ client_id: sso.client.clientId, client_secret: 'wrong' })],
    ['106', async () => ({ client_id: sso.disabled.clientId, client_secret: sso.disabled.secret })],
    ['103', async () => ({ client_id: sso.client.clientId, client_secret: sso.client.secret, token: 'x.y.z' })],
    [
      '104',
      async () => ({
        client_id: sso.client.clientId,
        client_secret: sso.client.secret,
        token: await token({ exp: Math.floor(sso.now.getTime() / 1000) - 3600, iat: 0 }),
      }),
    ],
  ])('is one SsoError with ErrorCode %s for that refusal', async (code, fields) => {
    // Prepare
    const event = ssoEvent(await fields());
    // Act
    const emf = await metricsOf(() => sso.handle(event));
    // Assess
    expect(emf).toHaveLength(1);
    const [directive] = emf[0]!._aws.CloudWatchMetrics;
    expect(directive?.Metrics).toEqual([{ Name: METRICS.error, Unit: 'Count' }]);
    expect(directive?.Dimensions[0]).toContain(METRICS.errorCodeDimension);
    expect(emf[0]![METRICS.errorCodeDimension]).toBe(code);
  });

  it('is one SsoError with ErrorCode 105 when the store fails', async () => {
    // Prepare
    sso.settings.failing = true;
    // Act
    const emf = await metricsOf(() => sso.handle(ssoEvent({ client_id: sso.client.clientId, client_secret: 's' })));
    sso.settings.failing = false;
    // Assess
    expect(emf.map((blob) => blob[METRICS.errorCodeDimension])).toEqual(['105']);
  });
});
