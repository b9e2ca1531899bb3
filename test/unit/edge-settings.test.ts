/** The edge's switches from CDK context (lib/edge-settings.ts): every value checked, one clear message each. */
import {
  DEFAULT_RATE_LIMIT_PER_IP,
  EDGE_CONTEXT,
  edgeSettingsFromContext,
  EdgeSettingsError,
} from '../../lib/edge-settings';

const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';
const read = (context: Record<string, unknown>) => (key: string) => context[key];

describe('edgeSettingsFromContext', () => {
  it('puts the edge in front by default, with the default rate limit and no domain', () => {
    // Act / Assess
    expect(edgeSettingsFromContext(read({}))).toEqual({ enabled: true, rateLimitPerIp: DEFAULT_RATE_LIMIT_PER_IP });
  });

  it.each([
    ['false', false],
    [false, false],
    ['true', true],
    [true, true],
  ])('reads %p for infoauth:edge (as -c or cdk.json gives it)', (value, enabled) => {
    // Act / Assess
    expect(edgeSettingsFromContext(read({ [EDGE_CONTEXT.enabled]: value })).enabled).toBe(enabled);
  });

  it('takes a domain with its us-east-1 certificate and an optional hosted zone', () => {
    // Act
    const settings = edgeSettingsFromContext(
      read({
        [EDGE_CONTEXT.domainName]: 'SSO.Example.com',
        [EDGE_CONTEXT.certificateArn]: CERTIFICATE,
        [EDGE_CONTEXT.hostedZoneId]: 'Z0123456789ABCDEFGHIJ',
        [EDGE_CONTEXT.rateLimitPerIp]: '300',
      }),
    );
    // Assess
    expect(settings).toEqual({
      enabled: true,
      rateLimitPerIp: 300,
      domain: { name: 'sso.example.com', certificateArn: CERTIFICATE, hostedZoneId: 'Z0123456789ABCDEFGHIJ' },
    });
  });

  it.each([
    ['an edge switch that is not a boolean', { [EDGE_CONTEXT.enabled]: 'no' }, /infoauth:edge must be true or false/],
    ['a domain without a certificate', { [EDGE_CONTEXT.domainName]: 'sso.example.com' }, /go together/],
    ['a certificate without a domain', { [EDGE_CONTEXT.certificateArn]: CERTIFICATE }, /go together/],
    ['a hosted zone without a domain', { [EDGE_CONTEXT.hostedZoneId]: 'Z0123' }, /needs infoauth:domainName/],
    [
      'a certificate outside us-east-1',
      {
        [EDGE_CONTEXT.domainName]: 'sso.example.com',
        [EDGE_CONTEXT.certificateArn]: CERTIFICATE.replace('us-east-1', 'eu-west-1'),
      },
      /in us-east-1.*eu-west-1/,
    ],
    [
      'something that is not a certificate ARN',
      { [EDGE_CONTEXT.domainName]: 'sso.example.com', [EDGE_CONTEXT.certificateArn]: 'my-cert' },
      /must be an ACM certificate ARN/,
    ],
    [
      'a domain that is not a DNS name',
      { [EDGE_CONTEXT.domainName]: 'https://sso.example.com', [EDGE_CONTEXT.certificateArn]: CERTIFICATE },
      /must be a DNS name/,
    ],
    [
      'a malformed hosted zone id',
      {
        [EDGE_CONTEXT.domainName]: 'sso.example.com',
        [EDGE_CONTEXT.certificateArn]: CERTIFICATE,
        [EDGE_CONTEXT.hostedZoneId]: 'example.com',
      },
      /hosted zone id/,
    ],
    ['a rate limit below the WAF minimum', { [EDGE_CONTEXT.rateLimitPerIp]: '9' }, /from 10 to 2000000000/],
    ['a rate limit that is not a whole number', { [EDGE_CONTEXT.rateLimitPerIp]: '100.5' }, /whole number/],
    [
      'a domain with the edge switched off',
      {
        [EDGE_CONTEXT.enabled]: 'false',
        [EDGE_CONTEXT.domainName]: 'sso.example.com',
        [EDGE_CONTEXT.certificateArn]: CERTIFICATE,
      },
      /with infoauth:edge=false there is none/,
    ],
  ])('refuses %s with a clear message', (_name, context, message) => {
    // Act / Assess
    expect(() => edgeSettingsFromContext(read(context))).toThrow(EdgeSettingsError);
    expect(() => edgeSettingsFromContext(read(context))).toThrow(message);
  });
});
