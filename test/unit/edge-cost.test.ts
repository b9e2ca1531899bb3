/** The edge's and three regions' lines of the bench's cost table (bench/cost.ts) agree with what the stacks build. */
import { App } from 'aws-cdk-lib';
import {
  costPerMillion,
  EDGE_ALARMS,
  EDGE_ASSUMPTIONS,
  EDGE_WAF_RULES,
  edgeCostPerMillion,
  MULTI_REGION_ASSUMPTIONS,
  multiRegionCostPerMillion,
  PRICES,
} from '../../bench/cost';
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

describe('what three regions add (infoauth:regions)', () => {
  it('adds the used-token write replicated to two more regions, the cleanup’s deletes in three and its scan, and the replication traffic', () => {
    // Act
    const regions = multiRegionCostPerMillion();
    // Assess
    const replicatedWrites = 2 * PRICES.dynamoPerMillionReplicatedWriteUnits;
    const cleanupDeletes = 3 * PRICES.dynamoPerMillionReplicatedWriteUnits;
    const scan =
      ((MULTI_REGION_ASSUMPTIONS.usedTokenRecordBytes * 1e6) / 4096) * 0.5 * (PRICES.dynamoPerMillionReadUnits / 1e6);
    const traffic =
      (2 * 2 * MULTI_REGION_ASSUMPTIONS.usedTokenRecordBytes * 1e6 * PRICES.interRegionTransferPerGb) / 1024 ** 3;
    expect(regions.perMillion).toBeCloseTo(replicatedWrites + cleanupDeletes + scan + traffic, 6);
    expect(regions.perMillion).toBeGreaterThan(3);
  });

  it('costs a health check per region and the /health calls of its checkers every month, whatever the traffic', () => {
    // Prepare: 15 checkers every 10 s for 30 days; each call an HTTP API request, a Lambda request, 10 ms at 512 MB arm64, one read.
    const calls = 15 * ((30 * 86_400) / 10);
    const perCall = (1 + 0.2 + 0.125 + 0.01 * 0.5 * PRICES.lambdaPerGbSecond.arm64 * 1e6) / 1e6;
    // Act
    const regions = multiRegionCostPerMillion();
    // Assess
    expect(regions.monthly).toBeCloseTo(3 * (2.5 + calls * perCall) + (4 * 24 * 30 * 1) / 1e6, 6);
  });

  it('shows up in the bench’s cost figures as a column on top of the single region with the edge', () => {
    // Act
    const figures = costPerMillion({
      lambda: { memoryMb: 512, architecture: 'arm64' },
      cpuUsPerSignIn: 2000,
      dynamoCallsPerSignIn: 2,
      logBytesPerSignIn: 1500,
    });
    // Assess
    expect(figures.regionLines.length).toBeGreaterThan(0);
    expect(figures.totalWrappedThreeRegions).toBeCloseTo(
      figures.totalWrapped + figures.edgePerMillion + figures.regionPerMillion,
      9,
    );
  });
});
