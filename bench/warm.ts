/**
 * Warm sign-ins with DynamoDB answered in memory: fresh processes of the warm probes (ours, floor,
 * alternately, several rounds). Gives CPU per sign-in, DynamoDB calls, memory, log bytes per sign-in.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProbe } from './node24';
import type { WarmProbeInput, WarmProbeResult } from './probes/warm-probe';
import { median } from './statistics';

export interface WarmInput {
  readonly rounds: number;
  readonly dir: string;
  readonly ssoProbe: string;
  readonly floorProbe: string;
  readonly env: Record<string, string>;
  readonly probeInput: WarmProbeInput;
  readonly onProgress: (round: number) => void;
}

export interface WarmFigures {
  /** Median over the rounds. */
  readonly cpuUsPerSignIn: number;
  readonly wallUsPerSignIn: number;
  /** The largest over the rounds: RSS after the measured sign-ins minus RSS after warm-up. */
  readonly rssGrowthMb: number;
  readonly heapGrowthMb: number;
  readonly rounds: readonly WarmProbeResult[];
}

const figures = (rounds: WarmProbeResult[]): WarmFigures => ({
  cpuUsPerSignIn: median(rounds.map((round) => round.cpuUsPerSignIn)),
  wallUsPerSignIn: median(rounds.map((round) => round.wallUsPerSignIn)),
  rssGrowthMb: Math.max(...rounds.map((round) => round.afterMeasured.rssMb - round.afterWarmUp.rssMb)),
  heapGrowthMb: Math.max(...rounds.map((round) => round.afterMeasured.heapUsedMb - round.afterWarmUp.heapUsedMb)),
  rounds,
});

export async function measureWarm(input: WarmInput): Promise<{ ours: WarmFigures; floor: WarmFigures }> {
  const inputFile = join(input.dir, 'warm-probe-input.json');
  writeFileSync(inputFile, JSON.stringify(input.probeInput));
  const options = { env: input.env, nodeArgs: ['--expose-gc'], timeoutMs: 600_000 };
  const ours: WarmProbeResult[] = [];
  const floor: WarmProbeResult[] = [];
  for (let round = 0; round < input.rounds; round += 1) {
    input.onProgress(round + 1);
    const oursFirst = round % 2 === 0;
    if (oursFirst) ours.push(await runProbe<WarmProbeResult>(input.ssoProbe, [inputFile], options));
    floor.push(await runProbe<WarmProbeResult>(input.floorProbe, [inputFile], options));
    if (!oursFirst) ours.push(await runProbe<WarmProbeResult>(input.ssoProbe, [inputFile], options));
  }
  return { ours: figures(ours), floor: figures(floor) };
}
