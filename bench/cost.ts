/**
 * Cost per million sign-ins in AWS, from the measured figures and public list prices (us-east-1). The
 * prices are the author's knowledge of AWS's list prices, not fetched: check them before quoting.
 */
import type { LambdaSettings } from './lambda-settings';

export const PRICES = {
  asOf: 'us-east-1 list prices as of 2025-06, as known to the author; not fetched by the bench',
  lambdaPerGbSecond: { arm64: 0.0000133334, x86_64: 0.0000166667 },
  lambdaPerMillionRequests: 0.2,
  /** On-demand, after the November 2024 price cut. */
  dynamoPerMillionReadUnits: 0.125,
  dynamoPerMillionWriteUnits: 0.625,
  httpApiPerMillionRequests: 1.0,
  /** Asymmetric requests other than RSA 2048 (ECC_NIST_P256 Sign): $0.15 per 10,000. */
  kmsAsymmetricPerMillionRequests: 15,
  logsIngestionPerGb: 0.5,
  /** The edge (docs/deploy.md): CloudFront HTTPS requests, North America and Europe (price class 100). */
  cloudFrontPerMillionHttpsRequests: 1.0,
  cloudFrontDataOutPerGb: 0.085,
  cloudFrontDataToOriginPerGb: 0.02,
  wafPerMillionRequests: 0.6,
  wafWebAclPerMonth: 5,
  wafRulePerMonth: 1,
  secretsManagerPerSecretMonth: 0.4,
  secretsManagerPerMillionCalls: 5,
  cloudWatchAlarmPerMonth: 0.1,
  /** Lambda@Edge: requests, and duration per GB-second (billed per 1 ms, x86_64). */
  lambdaEdgePerMillionRequests: 0.6,
  lambdaEdgePerGbSecond: 0.00005001,
  /** Three regions: a replicated write unit (on-demand, global tables) and inter-region transfer. */
  dynamoPerMillionReplicatedWriteUnits: 0.625,
  interRegionTransferPerGb: 0.02,
  /** Route 53 health check of an AWS endpoint: base, HTTPS, fast (10 s) interval. */
  route53HealthCheckPerMonth: 0.5 + 1 + 1,
  eventBridgeSchedulerPerMillionInvocations: 1,
} as const;

/** The edge's fixed parts: the web ACL's rules (lib/edge-waf.ts: 2 own rules + 2 AWS managed groups). */
export const EDGE_WAF_RULES = 4;
/** The edge's alarms in us-east-1 (lib/edge-monitoring.ts: WAF block surge, edge 5xx rate). */
export const EDGE_ALARMS = 2;

/** What one sign-in moves through the edge, assumed: a 2 KB POST in, a 1 KB 302 out. */
export const EDGE_ASSUMPTIONS = {
  requestBytesToOrigin: 2048,
  responseBytesToViewer: 1024,
  /** The origin secret is read once per cold start; cold starts per million sign-ins (1%). */
  coldStartsPerMillion: 10_000,
  /** The /sso origin-response function (lib/edge-response.ts): 128 MB, a few ms billed (it only reads the status). */
  originResponseMemoryMb: 128,
  originResponseBilledMs: 5,
} as const;

/** What three regions (`infoauth:regions`, lib/multi-region) do per sign-in and per month, assumed. */
export const MULTI_REGION_ASSUMPTIONS = {
  regions: 3,
  /** A used-token record (`<cid>#<jti>`, attempt id, expiry): well under 1 KB, one write unit. */
  usedTokenRecordBytes: 200,
  /** Route 53 has health checkers in many places: about 15 requests per interval reach each region. */
  healthCheckersPerInterval: 15,
  healthCheckIntervalSeconds: 10,
  /** A /health call: HTTP API + Lambda (512 MB arm64, ~10 ms) + one strongly consistent read. */
  healthCallBilledMs: 10,
  /** The cleanup (every 15 minutes): its scan reads each record once (eventually consistent, 4 KB pages). */
  cleanupRunsPerMonth: 4 * 24 * 30,
} as const;

/** The assumptions that are not measured here, stated in the output with the prices. */
export const ASSUMPTIONS = {
  /** One DynamoDB round trip inside a region (single-digit milliseconds). */
  dynamoRoundTripMs: 5,
  /** One KMS Sign round trip (kms mode). */
  kmsSignRoundTripMs: 10,
  /** Lambda gives one full vCPU at 1,769 MB and CPU in proportion below it. */
  fullVcpuMb: 1769,
} as const;

export interface CostInput {
  readonly lambda: LambdaSettings;
  /** CPU per warm sign-in measured on this machine. */
  readonly cpuUsPerSignIn: number;
  /** DynamoDB requests of a sign-in whose settings are not cached (the worst case, used throughout). */
  readonly dynamoCallsPerSignIn: number;
  /** Bytes of log and EMF lines per sign-in (CloudWatch Logs ingestion). */
  readonly logBytesPerSignIn: number;
}

export interface CostLine {
  readonly item: string;
  readonly wrapped: number;
  readonly kms: number;
}

export interface CostFigures {
  readonly billedMsWrapped: number;
  readonly billedMsKms: number;
  readonly lines: readonly CostLine[];
  /** Without the edge (`-c infoauth:edge=false`). */
  readonly totalWrapped: number;
  readonly totalKms: number;
  /** What the edge adds per million sign-ins (the same in both signing modes). */
  readonly edgeLines: readonly { readonly item: string; readonly perMillion: number }[];
  readonly edgePerMillion: number;
  /** With the edge (the default). */
  readonly totalWrappedWithEdge: number;
  readonly totalKmsWithEdge: number;
  /** The edge's fixed monthly cost: web ACL, its rules, the origin secret, its alarms. */
  readonly edgeMonthly: number;
  /** What three regions add per million sign-ins (the same in both modes; `wrapped` only is offered). */
  readonly regionLines: readonly { readonly item: string; readonly perMillion: number }[];
  readonly regionPerMillion: number;
  /** Three regions behind the edge (`infoauth:regions`, wrapped signing). */
  readonly totalWrappedThreeRegions: number;
  /** Three regions' fixed monthly cost: health checks and their /health calls, the cleanup's schedule. */
  readonly regionMonthly: number;
}

const GB = 1024 ** 3;

/** Dollars per million sign-ins that the edge adds (CloudFront, AWS WAF, the origin-response function, the origin secret's reads). */
export function edgeCostPerMillion(): { lines: CostFigures['edgeLines']; perMillion: number; monthly: number } {
  const lines = [
    { item: 'CloudFront HTTPS requests (edge)', perMillion: PRICES.cloudFrontPerMillionHttpsRequests },
    {
      item: `CloudFront data out and to the origin (${EDGE_ASSUMPTIONS.responseBytesToViewer} B / ${EDGE_ASSUMPTIONS.requestBytesToOrigin} B) (edge)`,
      perMillion:
        (EDGE_ASSUMPTIONS.responseBytesToViewer * 1e6 * PRICES.cloudFrontDataOutPerGb) / GB +
        (EDGE_ASSUMPTIONS.requestBytesToOrigin * 1e6 * PRICES.cloudFrontDataToOriginPerGb) / GB,
    },
    { item: 'AWS WAF requests (edge)', perMillion: PRICES.wafPerMillionRequests },
    {
      item: `Lambda@Edge /sso origin-response (${EDGE_ASSUMPTIONS.originResponseMemoryMb} MB, ${EDGE_ASSUMPTIONS.originResponseBilledMs} ms) (edge)`,
      perMillion:
        PRICES.lambdaEdgePerMillionRequests +
        (EDGE_ASSUMPTIONS.originResponseMemoryMb / 1024) *
          (EDGE_ASSUMPTIONS.originResponseBilledMs / 1000) *
          1e6 *
          PRICES.lambdaEdgePerGbSecond,
    },
    {
      item: 'Secrets Manager: origin secret per cold start (edge)',
      perMillion: (EDGE_ASSUMPTIONS.coldStartsPerMillion * PRICES.secretsManagerPerMillionCalls) / 1e6,
    },
  ];
  return {
    lines,
    perMillion: lines.reduce((sum, line) => sum + line.perMillion, 0),
    monthly:
      PRICES.wafWebAclPerMonth +
      EDGE_WAF_RULES * PRICES.wafRulePerMonth +
      PRICES.secretsManagerPerSecretMonth +
      EDGE_ALARMS * PRICES.cloudWatchAlarmPerMonth,
  };
}

/**
 * Dollars per million sign-ins that three regions add to the single-region figures, and their fixed
 * monthly cost: the used-token write replicated to two more regions, the cleanup's replicated deletes
 * (MRSC tables have no TTL) and scan, the replication traffic, and per region a health check and the
 * /health calls it makes.
 */
export function multiRegionCostPerMillion(lambdaGbSecondPrice: number = PRICES.lambdaPerGbSecond.arm64): {
  lines: CostFigures['edgeLines'];
  perMillion: number;
  monthly: number;
} {
  const a = MULTI_REGION_ASSUMPTIONS;
  const others = a.regions - 1;
  const lines = [
    {
      item: `DynamoDB: the used-token write replicated to ${others} more regions (regions)`,
      perMillion: others * PRICES.dynamoPerMillionReplicatedWriteUnits,
    },
    {
      item: `DynamoDB: cleanup deletes each record once, in ${a.regions} regions (regions)`,
      perMillion: a.regions * PRICES.dynamoPerMillionReplicatedWriteUnits,
    },
    {
      item: 'DynamoDB: cleanup scan, 0.5 RRU per 4 KB read (regions)',
      perMillion: ((a.usedTokenRecordBytes * 1e6) / 4096) * 0.5 * (PRICES.dynamoPerMillionReadUnits / 1e6),
    },
    {
      item: `Inter-region replication (${a.usedTokenRecordBytes} B to ${others} regions, twice) (regions)`,
      perMillion: (2 * others * a.usedTokenRecordBytes * 1e6 * PRICES.interRegionTransferPerGb) / GB,
    },
  ];
  const healthCallsPerMonth = a.healthCheckersPerInterval * ((30 * 86_400) / a.healthCheckIntervalSeconds);
  const perHealthCall =
    (PRICES.httpApiPerMillionRequests +
      PRICES.lambdaPerMillionRequests +
      PRICES.dynamoPerMillionReadUnits +
      (a.healthCallBilledMs / 1000) * 0.5 * lambdaGbSecondPrice * 1e6) /
    1e6;
  return {
    lines,
    perMillion: lines.reduce((sum, line) => sum + line.perMillion, 0),
    monthly:
      a.regions * (PRICES.route53HealthCheckPerMonth + healthCallsPerMonth * perHealthCall) +
      (a.cleanupRunsPerMonth * PRICES.eventBridgeSchedulerPerMillionInvocations) / 1e6,
  };
}

/** Dollars per million sign-ins, line by line, for `wrapped` and `kms` signing. */
export function costPerMillion(input: CostInput): CostFigures {
  const cpuShare = Math.min(1, input.lambda.memoryMb / ASSUMPTIONS.fullVcpuMb);
  const computeMs = input.cpuUsPerSignIn / 1000 / cpuShare;
  const waitMs = input.dynamoCallsPerSignIn * ASSUMPTIONS.dynamoRoundTripMs;
  // Lambda bills whole milliseconds.
  const billedMsWrapped = Math.ceil(computeMs + waitMs);
  const billedMsKms = Math.ceil(computeMs + waitMs + ASSUMPTIONS.kmsSignRoundTripMs);
  const gb = input.lambda.memoryMb / 1024;
  const perGbSecond = PRICES.lambdaPerGbSecond[input.lambda.architecture];
  const duration = (ms: number) => (ms / 1000) * gb * perGbSecond * 1e6;
  // A BatchGetItem of the configuration and the feature setting: two strongly consistent reads of items under 4 KB.
  const readUnits = 2;
  const writeUnits = 1;
  const lines: CostLine[] = [
    { item: 'Lambda requests', wrapped: PRICES.lambdaPerMillionRequests, kms: PRICES.lambdaPerMillionRequests },
    {
      item: `Lambda duration (${input.lambda.memoryMb} MB ${input.lambda.architecture}, ${billedMsWrapped} / ${billedMsKms} ms billed)`,
      wrapped: duration(billedMsWrapped),
      kms: duration(billedMsKms),
    },
    { item: 'HTTP API requests', wrapped: PRICES.httpApiPerMillionRequests, kms: PRICES.httpApiPerMillionRequests },
    {
      item: `DynamoDB reads (${readUnits} RRU, uncached)`,
      wrapped: readUnits * PRICES.dynamoPerMillionReadUnits,
      kms: readUnits * PRICES.dynamoPerMillionReadUnits,
    },
    {
      item: `DynamoDB writes (${writeUnits} WRU)`,
      wrapped: writeUnits * PRICES.dynamoPerMillionWriteUnits,
      kms: writeUnits * PRICES.dynamoPerMillionWriteUnits,
    },
    { item: 'KMS Sign (kms mode only)', wrapped: 0, kms: PRICES.kmsAsymmetricPerMillionRequests },
    {
      item: `CloudWatch Logs (${Math.round(input.logBytesPerSignIn)} B per sign-in)`,
      wrapped: (input.logBytesPerSignIn * 1e6 * PRICES.logsIngestionPerGb) / 1024 ** 3,
      kms: (input.logBytesPerSignIn * 1e6 * PRICES.logsIngestionPerGb) / 1024 ** 3,
    },
  ];
  const totalWrapped = lines.reduce((sum, line) => sum + line.wrapped, 0);
  const totalKms = lines.reduce((sum, line) => sum + line.kms, 0);
  const edge = edgeCostPerMillion();
  const regions = multiRegionCostPerMillion(perGbSecond);
  return {
    billedMsWrapped,
    billedMsKms,
    lines,
    totalWrapped,
    totalKms,
    edgeLines: edge.lines,
    edgePerMillion: edge.perMillion,
    totalWrappedWithEdge: totalWrapped + edge.perMillion,
    totalKmsWithEdge: totalKms + edge.perMillion,
    edgeMonthly: edge.monthly,
    regionLines: regions.lines,
    regionPerMillion: regions.perMillion,
    totalWrappedThreeRegions: totalWrapped + edge.perMillion + regions.perMillion,
    regionMonthly: regions.monthly,
  };
}
