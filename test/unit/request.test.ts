import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { parseSsoRequest } from '../../lambdas/sso/request';

const event = (overrides: Partial<APIGatewayProxyEventV2> & { method?: string }): APIGatewayProxyEventV2 =>
  ({
    rawPath: '/sso',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    ...overrides,
    requestContext: { http: { method: overrides.method ?? 'GET' }, requestId: 'r1' },
  }) as unknown as APIGatewayProxyEventV2;

describe('parseSsoRequest', () => {
  it('reads the query string of a GET', () => {
    const parsed = parseSsoRequest(
      event({ rawQueryString: 'client_id=c1&client_secret=s%2B1&token=a.b.c&return_to=https%3A%2F%2Fx&state=st' }),
    );
    expect(parsed).toEqual({ clientId: 'c1', clientSecret: 's+1', token: 'a.b.c', returnTo: 'https://x', state: 'st' });
  });

  it('accepts jwt as an alias of token, token winning when both are sent', () => {
    expect(parseSsoRequest(event({ rawQueryString: 'jwt=x.y.z' })).token).toBe('x.y.z');
    expect(parseSsoRequest(event({ rawQueryString: 'jwt=x.y.z&token=a.b.c' })).token).toBe('a.b.c');
  });

  it('joins repeated keys with commas, as API Gateway does', () => {
    expect(parseSsoRequest(event({ rawQueryString: 'client_id=a&client_id=b' })).clientId).toBe('a,b');
  });

  it('reads a form POST, also base64-encoded, with form fields winning over the query', () => {
    const body = 'client_id=c2&token=p.q.r';
    const plain = parseSsoRequest(
      event({
        method: 'POST',
        rawQueryString: 'client_id=c1&state=s',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body,
      }),
    );
    const encoded = parseSsoRequest(
      event({
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: Buffer.from(body).toString('base64'),
        isBase64Encoded: true,
      }),
    );
    expect(plain).toMatchObject({ clientId: 'c2', token: 'p.q.r', state: 's' });
    expect(encoded).toMatchObject({ clientId: 'c2', token: 'p.q.r' });
  });

  it('ignores a POST body that is not a form', () => {
    const parsed = parseSsoRequest(
      event({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"client_id":"c1"}' }),
    );
    expect(parsed.clientId).toBeUndefined();
  });

  it('never throws on odd events', () => {
    expect(() => parseSsoRequest({} as APIGatewayProxyEventV2)).not.toThrow();
    expect(parseSsoRequest(event({ rawQueryString: '%E0%A4%A' })).clientId).toBeUndefined();
  });
});
