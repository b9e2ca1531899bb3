/**
 * The edge's switches, each synthesized as `cdk synth -c …` would: `infoauth:edge=false` (today's shape:
 * the API's own URL, the error page on a distribution of its own, no WAF, no bypass guard; in `kms`
 * mode, so both signing modes are synthesized without the edge too), and a custom domain with its
 * certificate, hosted zone and rate limit (in `wrapped` mode).
 */
import { AwsSolutionsChecks } from 'cdk-nag';
import { ORIGIN_SECRET_ENV } from '../../lib/edge';
import { EDGE_CONTEXT } from '../../lib/edge-settings';
import { STACK_OUTPUTS } from '../../lambdas/core/deployment';
import { synthesizeStack, type SynthesizedStack } from './synthesized-stack';

const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';
const ZONE = 'Z0123456789ABCDEFGHIJ';

let withoutEdge: SynthesizedStack;
let withDomain: SynthesizedStack;
beforeAll(async () => {
  withoutEdge = await synthesizeStack('kms', { context: { [EDGE_CONTEXT.enabled]: 'false' } });
  withDomain = await synthesizeStack('wrapped', {
    context: {
      [EDGE_CONTEXT.domainName]: 'sso.example.com',
      [EDGE_CONTEXT.certificateArn]: CERTIFICATE,
      [EDGE_CONTEXT.hostedZoneId]: ZONE,
      [EDGE_CONTEXT.rateLimitPerIp]: '300',
    },
  });
}, 300_000);

const resourcesOf = (synth: SynthesizedStack, type: string) =>
  Object.values(synth.json.Resources).filter((resource) => resource.Type === type);

const unacknowledged = (synth: SynthesizedStack) =>
  synth.assembly.stacks
    .map((artifact) => synth.stack.node.root.node.findChild(artifact.stackName))
    .flatMap((stack) =>
      new AwsSolutionsChecks().validateScope(stack).violations.map((violation) => violation.ruleName),
    );

describe('-c infoauth:edge=false', () => {
  it('builds no web ACL stack, no secret and one distribution: the error page at its root', () => {
    // Act
    const distributions = resourcesOf(withoutEdge, 'AWS::CloudFront::Distribution');
    // Assess
    expect(withoutEdge.wafStack).toBeUndefined();
    expect(withoutEdge.edgeAlarmsJson).toBeUndefined();
    expect(withoutEdge.assembly.stacks.map((stack) => stack.stackName)).toEqual([withoutEdge.stack.stackName]);
    expect(resourcesOf(withoutEdge, 'AWS::SecretsManager::Secret')).toEqual([]);
    expect(distributions).toHaveLength(1);
    expect(distributions[0]?.Properties?.DistributionConfig).toMatchObject({ DefaultRootObject: 'index.html' });
    expect(distributions[0]?.Properties?.DistributionConfig).not.toHaveProperty('WebACLId');
  });

  it('hands out the API’s own URL as SSO URL and issuer, and turns the bypass guard off', () => {
    // Prepare
    const api = { 'Fn::GetAtt': [withoutEdge.logicalId(withoutEdge.stack.api.api), 'ApiEndpoint'] };
    const fn = resourcesOf(withoutEdge, 'AWS::Lambda::Function').find(
      (resource) => (resource.Properties?.Description as string | undefined) === 'Infoauth SSO endpoint and JWKS',
    );
    // Act
    const variables = (fn?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    // Assess
    expect(withoutEdge.json.Outputs[STACK_OUTPUTS.ssoUrl]?.Value).toEqual({ 'Fn::Join': ['', [api, '/sso']] });
    expect(withoutEdge.json.Outputs[STACK_OUTPUTS.issuer]?.Value).toEqual(api);
    expect(withoutEdge.json.Outputs).not.toHaveProperty(STACK_OUTPUTS.edgeDomainName);
    expect(variables.INFOAUTH_ISSUER).toEqual(api);
    expect(variables).not.toHaveProperty(ORIGIN_SECRET_ENV);
  });

  it('has no unacknowledged cdk-nag finding', () => {
    // Act / Assess
    expect(unacknowledged(withoutEdge)).toEqual([]);
  });
});

describe('-c infoauth:domainName -c infoauth:certificateArn -c infoauth:hostedZoneId', () => {
  const distribution = () =>
    withDomain.json.Resources[withDomain.logicalId(withDomain.stack.edge!.distribution)]?.Properties
      ?.DistributionConfig as Record<string, unknown>;

  it('puts the distribution on the name with the certificate and TLS 1.2 (2021) at least', () => {
    // Act / Assess
    expect(distribution()).toMatchObject({
      Aliases: ['sso.example.com'],
      ViewerCertificate: {
        AcmCertificateArn: CERTIFICATE,
        MinimumProtocolVersion: 'TLSv1.2_2021',
        SslSupportMethod: 'sni-only',
      },
    });
  });

  it('makes the SSO URL, JWKS URL, error page and issuer https://<name>/…', () => {
    // Prepare
    const outputs = withDomain.json.Outputs;
    // Act
    const values = [STACK_OUTPUTS.ssoUrl, STACK_OUTPUTS.jwksUrl, STACK_OUTPUTS.errorPageUrl, STACK_OUTPUTS.issuer].map(
      (name) => outputs[name]?.Value,
    );
    // Assess
    expect(values).toEqual([
      'https://sso.example.com/sso',
      'https://sso.example.com/.well-known/jwks.json',
      'https://sso.example.com/error/',
      'https://sso.example.com',
    ]);
  });

  it('adds A and AAAA alias records to the distribution in the hosted zone', () => {
    // Prepare
    const domainName = { 'Fn::GetAtt': [withDomain.logicalId(withDomain.stack.edge!.distribution), 'DomainName'] };
    const cloudFrontZone = {
      'Fn::FindInMap': ['AWSCloudFrontPartitionHostedZoneIdMap', { Ref: 'AWS::Partition' }, 'zoneId'],
    };
    // Act
    const records = resourcesOf(withDomain, 'AWS::Route53::RecordSet').map((resource) => resource.Properties);
    // Assess
    expect(withDomain.json).toMatchObject({
      Mappings: { AWSCloudFrontPartitionHostedZoneIdMap: { aws: { zoneId: 'Z2FDTNDATAQYW2' } } },
    });
    expect(records).toEqual(
      ['A', 'AAAA'].map((type) => ({
        HostedZoneId: ZONE,
        Name: 'sso.example.com.',
        Type: type,
        // CloudFront's own hosted zone (Z2FDTNDATAQYW2 in the aws partition), looked up by partition.
        AliasTarget: { DNSName: domainName, HostedZoneId: cloudFrontZone },
      })),
    );
  });

  it('takes the rate limit per IP from context', () => {
    // Act
    const acl = Object.values(withDomain.wafJson!.Resources).find((resource) => resource.Type === 'AWS::WAFv2::WebACL');
    const rate = (
      acl?.Properties?.Rules as { Name: string; Statement: { RateBasedStatement: { Limit: number } } }[]
    ).find((rule) => rule.Name === 'RateLimitPerIp');
    // Assess
    expect(rate?.Statement.RateBasedStatement.Limit).toBe(300);
  });

  it('has no unacknowledged cdk-nag finding (CFR4 is met by the certificate, not acknowledged)', () => {
    // Prepare
    const acknowledged = withDomain.stack
      .edge!.distribution.node.metadata.filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
      .flatMap((entry) => Object.keys(entry.data as Record<string, string>));
    // Act / Assess
    expect(unacknowledged(withDomain)).toEqual([]);
    expect(acknowledged.some((id) => id.startsWith('AwsSolutions-CFR4'))).toBe(false);
  });
});
