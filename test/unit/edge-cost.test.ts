/** The edge's lines of the bench's cost table (bench/cost.ts) agree with what the stack builds. */
import { App } from 'aws-cdk-lib';
import { EDGE_ALARMS, EDGE_ASSUMPTIONS, EDGE_WAF_RULES, edgeCostPerMillion, PRICES } from '../../bench/cost';
import { EdgeAlarmsStack } from '../../lib/edge-monitoring';
import { EdgeWafStack } from '../../lib/edge-waf';

describe('edgeCostPerMillion', () => {
  it('prices as many web ACL rules as the stack builds', () => {
    // Prepare
    const stack = new EdgeWafStack(new App(), 'Waf', { env: { region: 'us-east-1' }, rateLimitPerIp: 1000 });
    // Act
    const rules = stack.resolve(stack.webAcl.rules) as unknown[];
    // Assess
    expect(rules).toHaveLength(EDGE_WAF_RULES);
  });

  it('prices as many edge alarms as the stack builds', () => {
    // Prepare
    const stack = new EdgeAlarmsStack(new App(), 'Alarms', {
      env: { region: 'us-east-1' },
      distributionId: 'E123',
      webAclName: 'acl',
    });
    // Act / Assess
    expect(stack.alarms).toHaveLength(EDGE_ALARMS);
  });

  it('adds one CloudFront request, one WAF inspection, one origin-response function, the bytes and the cold starts’ secret reads per sign-in', () => {
    // Act
    const edge = edgeCostPerMillion();
    // Assess
    const bytes =
      (EDGE_ASSUMPTIONS.responseBytesToViewer * PRICES.cloudFrontDataOutPerGb +
        EDGE_ASSUMPTIONS.requestBytesToOrigin * PRICES.cloudFrontDataToOriginPerGb) *
      (1e6 / 1024 ** 3);
    const secretReads = (EDGE_ASSUMPTIONS.coldStartsPerMillion / 1e6) * PRICES.secretsManagerPerMillionCalls;
    // 128 MB for 5 ms, a million times: 625 GB-seconds.
    const originResponse = PRICES.lambdaEdgePerMillionRequests + 625 * PRICES.lambdaEdgePerGbSecond;
    expect(edge.perMillion).toBeCloseTo(
      PRICES.cloudFrontPerMillionHttpsRequests + PRICES.wafPerMillionRequests + bytes + secretReads + originResponse,
      6,
    );
    expect(edge.monthly).toBeCloseTo(5 + 4 * 1 + 0.4 + 2 * 0.1, 6);
  });
});
