/**
 * Cold starts: fresh Node 24 processes that import a bundle and answer one request (an unknown client,
 * against DynamoDB Local), ours and the floor's alternately, in ABBA order so drift hits both alike.
 */
import type { ColdStartSample } from './probes/cold-start-probe';
import { runProbe } from './node24';
import { median } from './statistics';

export interface ColdStartInput {
  readonly runs: number;
  readonly probe: string;
  readonly ssoBundle: string;
  readonly floorBundle: string;
  /** The environment of both functions (DynamoDB Local's endpoint, table names, …). */
  readonly env: Record<string, string>;
  /** An API Gateway event for a client id that no configuration has. */
  readonly event: unknown;
  readonly onProgress: (run: number) => void;
}

export interface ColdStartFigures {
  readonly loadMs: number;
  readonly firstAnswerMs: number;
  readonly cpuMs: number;
  readonly samples: readonly ColdStartSample[];
}

async function sample(input: ColdStartInput, bundle: string): Promise<ColdStartSample> {
  const result = await runProbe<ColdStartSample>(input.probe, [bundle], {
    env: { ...input.env, BENCH_EVENT: JSON.stringify(input.event) },
    timeoutMs: 60_000,
  });
  if (result.statusCode !== 302 || !result.location.includes('code=101')) {
    throw new Error(`cold start of ${bundle} answered ${result.statusCode} ${result.location}, not a 101 refusal`);
  }
  return result;
}

const figures = (samples: ColdStartSample[]): ColdStartFigures => ({
  loadMs: median(samples.map((item) => item.loadMs)),
  firstAnswerMs: median(samples.map((item) => item.firstAnswerMs)),
  cpuMs: median(samples.map((item) => item.cpuMs)),
  samples,
});

export async function measureColdStarts(
  input: ColdStartInput,
): Promise<{ ours: ColdStartFigures; floor: ColdStartFigures }> {
  const ours: ColdStartSample[] = [];
  const floor: ColdStartSample[] = [];
  for (let run = 0; run < input.runs; run += 1) {
    input.onProgress(run + 1);
    const oursFirst = run % 4 === 0 || run % 4 === 3;
    if (oursFirst) ours.push(await sample(input, input.ssoBundle));
    floor.push(await sample(input, input.floorBundle));
    if (!oursFirst) ours.push(await sample(input, input.ssoBundle));
  }
  return { ours: figures(ours), floor: figures(floor) };
}
