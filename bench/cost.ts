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
  readonly totalWrapped: number;
  readonly totalKms: number;
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
  return {
    billedMsWrapped,
    billedMsKms,
    lines,
    totalWrapped: lines.reduce((sum, line) => sum + line.wrapped, 0),
    totalKms: lines.reduce((sum, line) => sum + line.kms, 0),
  };
}
