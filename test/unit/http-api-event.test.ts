/**
 * The local API Gateway stand-in builds `queryStringParameters` on its own (not with the handler's
 * parser), as API Gateway does: decoded names and values, `+` as a space, repeated names comma-joined.
 */
import { toHttpApiEvent, type HttpRequestData } from '../../tools/local/http-api-event';

function eventFor(target: string) {
  const request: HttpRequestData = {
    method: 'GET',
    target,
    rawHeaders: ['Host', '127.0.0.1:3000'],
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
    localPort: 3000,
    httpVersion: '1.1',
  };
  return toHttpApiEvent(request, 'GET /sso', 'JKJaXmPLvHcESHA=', new Date('2026-11-30T01:00:00Z'));
}

describe('the local stand-in’s queryStringParameters', () => {
  it('decodes names and values, reads + as a space and joins repeated names with commas', () => {
    // Act
    const event = eventFor('/sso?client_id=a%2Bb&state=x+y&state=z&flag&%C3%A9=%E2%82%AC');
    // Assess
    expect(event.rawQueryString).toBe('client_id=a%2Bb&state=x+y&state=z&flag&%C3%A9=%E2%82%AC');
    expect(event.queryStringParameters).toEqual({ client_id: 'a+b', state: 'x y,z', flag: '', é: '€' });
  });

  it('keeps a malformed escape as sent and has no parameters without a query string', () => {
    // Act
    const malformed = eventFor('/sso?token=%E0%A4%A&a=1');
    const none = eventFor('/sso');
    // Assess
    expect(malformed.queryStringParameters).toEqual({ token: '%E0%A4%A', a: '1' });
    expect(none.queryStringParameters).toBeUndefined();
  });
});
