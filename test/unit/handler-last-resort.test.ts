import { jest } from '@jest/globals';
import type { Context } from 'aws-lambda';
import { createHandler } from '../../lambdas/sso/app';
import { createObservability } from '../../lambdas/sso/observability';
import { FakeSettingsStore, FakeSigner, FakeUsedTokenStore } from '../support/fake-ports';
import { ERROR_PAGE, location, ssoEvent } from '../support/sso-fixture';

describe('the handler when something outside the core fails', () => {
  it('still answers a 302 to the hosted page with 105, and logs the ref with its code and reason', async () => {
    // Prepare: the per-request log line itself throws (as a broken log destination would)
    const observability = createObservability();
    jest.spyOn(observability.logger, 'info').mockImplementation(() => {
      throw new Error('log destination broken');
    });
    const errors = jest.spyOn(observability.logger, 'error').mockImplementation(() => undefined);
    const handler = createHandler({
      signIn: {
        settings: new FakeSettingsStore(),
        usedTokens: new FakeUsedTokenStore(),
        signer: new FakeSigner(),
        issuer: 'https://sso.example',
        newId: () => 'id',
      },
      publicKeys: { jwks: async () => ({ keys: [] }) },
      healthChecks: [],
      errorPageUrl: ERROR_PAGE,
      clock: () => new Date(),
      observability,
    });
    const event = ssoEvent({ client_id: 'unknown-client', client_secret: 's' });
    // Act
    const result = await handler(event, { awsRequestId: 'r' } as Context);
    // Assess
    const url = location(result);
    expect(`${url.origin}${url.pathname}`).toBe(ERROR_PAGE);
    expect(url.searchParams.get('code')).toBe('105');
    expect(errors).toHaveBeenCalledWith('sso refused', {
      outcome: 'refused',
      ref: event.requestContext.requestId,
      code: '105',
      reason: 'internal-error',
      error: { name: 'Error' },
    });
  });
});
