import type { CloudFrontResponseEvent } from 'aws-lambda';
import { answerFromOrigin, refusalLocation, type EdgeResponse } from '../../lambdas/edge-response/answer';
import { handler } from '../../lambdas/edge-response/handler';

/** API Gateway's throttling answer as CloudFront receives it from the origin. */
function throttled(requestId = 'JKJaXmPLvHcESHA='): EdgeResponse {
  return {
    status: '429',
    statusDescription: 'Too Many Requests',
    headers: {
      'content-type': [{ key: 'Content-Type', value: 'application/json' }],
      'apigw-requestid': [{ key: 'Apigw-Requestid', value: requestId }],
    },
    body: '{"message":"Too Many Requests"}',
  };
}

function originResponseEvent(response: EdgeResponse): CloudFrontResponseEvent {
  return {
    Records: [
      {
        cf: {
          config: {
            distributionDomainName: 'd111111abcdef8.cloudfront.net',
            distributionId: 'EDFDVBD6EXAMPLE',
            eventType: 'origin-response',
            requestId: 'x',
          },
          request: { clientIp: '203.0.113.1', headers: {}, method: 'GET', querystring: 'token=secret', uri: '/sso' },
          response,
        },
      },
    ],
  } as CloudFrontResponseEvent;
}

describe('the /sso origin-response function (Lambda@Edge)', () => {
  it("turns API Gateway's bare 429 JSON into a 302 to the hosted page with 105 and its request id as ref, no body", async () => {
    // Act
    const answer = await handler(originResponseEvent(throttled()));
    // Assess
    expect(answer.status).toBe('302');
    expect(answer.headers?.location).toEqual([{ key: 'Location', value: '/error/?code=105&ref=JKJaXmPLvHcESHA%3D' }]);
    expect(answer.headers?.['cache-control']).toEqual([{ key: 'Cache-Control', value: 'no-store' }]);
    expect(answer.headers?.['referrer-policy']).toEqual([{ key: 'Referrer-Policy', value: 'no-referrer' }]);
    expect(answer.body).toBe('');
    expect(JSON.stringify(answer)).not.toContain('Too Many Requests');
  });

  it.each(['413', '400', '403', '404', '500', '502', '503', '504'])(
    'turns any other answer the SSO function never writes (%s) into the page with 105',
    (status) => {
      // Act
      const answer = answerFromOrigin({ ...throttled(), status });
      // Assess
      expect(answer.status).toBe('302');
      expect(answer.headers.location?.[0]?.value).toMatch(/^\/error\/\?code=105(&|$)/);
    },
  );

  it.each([
    ['a 302 (every sign-in answer)', '302'],
    ['a 200 (the form_post page)', '200'],
  ])('passes %s through unchanged', (_label, status) => {
    // Prepare
    const response: EdgeResponse = {
      status,
      headers: { location: [{ key: 'Location', value: 'https://app.example.com/?assertion=a' }] },
    };
    // Act
    const answer = answerFromOrigin(response);
    // Assess
    expect(answer).toBe(response);
  });

  it.each([
    ['no request id', undefined],
    ['a request id in no form the service issues', '<b>hi</b>'],
    ['a Lambda request id (not what API Gateway sends)', '8f5e9c4a-1b2d-4e3f-9a8b-7c6d5e4f3a2b'],
  ])('gives no ref for %s', (_label, requestId) => {
    // Act
    const location = refusalLocation(requestId);
    // Assess
    expect(location).toBe('/error/?code=105');
  });
});
