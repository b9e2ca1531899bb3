/**
 * `npm run bench`: the SSO function against the floor (bench/floor.ts), measured in one run on this
 * machine with the pinned Node: bundle size, cold start, warm CPU, DynamoDB calls, throughput and
 * latency through the local server against a bare SDK client, memory, and cost per million sign-ins.
 * Prints a table, writes JSON (bench/results/latest.json), exits 1 when a budget is missed.
 * See docs/benchmark.md for the method and the figures.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../lambdas/adapters/dynamodb/client';
import { REPOSITORY_ROOT } from '../lib/sso-bundling';
import { createTables } from '../tools/local/create-tables';
import { startDynamoLocal, type DynamoLocal } from '../tools/local/dynamo-local';
import {
  createScenario,
  functionEnvironment,
  seedItems,
  signIn,
  signIns,
  unknownClient,
  wireItems,
} from './bench-scenario';
import { buildBench, type BenchBuild } from './bundles';
import { measureColdStarts } from './cold-start';
import { measureFaultAnswers, type FaultAnswerFigures } from './dependency-faults';
import { measureKmsCalls, type KmsCallFigures } from './kms-calls';
import { ASSUMPTIONS, costPerMillion, EDGE_ALARMS, EDGE_WAF_RULES, MULTI_REGION_ASSUMPTIONS, PRICES } from './cost';
import { ssoLambdaSettings } from './lambda-settings';
import { node24Binary } from './node24';
import { createProgress, type Progress } from './progress';
import { absolute, compared, missedBudgets, renderTable, type Row } from './report';
import { signInEvent } from './sign-in-event';
import { createCeiling, startServer, type LoadFigures } from './throughput';
import { median } from './statistics';
import { measureWarm } from './warm';

export interface BenchSettings {
  /** Use this DynamoDB (Local) instead of starting one. */
  readonly dynamoEndpoint?: string;
  readonly clients: number;
  readonly coldStartRuns: number;
  readonly warmRounds: number;
  readonly warmUpSignIns: number;
  readonly measuredSignIns: number;
  readonly throughput: {
    readonly warmUpRequests: number;
    readonly levels: readonly { readonly concurrency: number; readonly requests: number }[];
  };
  /** `kms` mode: fresh sign-ins, then replays of a used token, counting KMS requests. */
  readonly kmsCalls: { readonly signIns: number; readonly replays: number };
  /** Sign-ins against a hanging and an unreachable DynamoDB; the slowest 105 of each counts. */
  readonly faultRuns: number;
  readonly resultsFile: string;
  readonly progress: boolean;
}

export const FULL_RUN: BenchSettings = {
  clients: 8,
  coldStartRuns: 21,
  warmRounds: 3,
  warmUpSignIns: 3000,
  measuredSignIns: 10_000,
  throughput: {
    warmUpRequests: 300,
    levels: [
      { concurrency: 1, requests: 300 },
      { concurrency: 16, requests: 1600 },
      { concurrency: 64, requests: 2000 },
    ],
  },
  kmsCalls: { signIns: 50, replays: 50 },
  faultRuns: 5,
  resultsFile: join(REPOSITORY_ROOT, 'bench', 'results', 'latest.json'),
  progress: true,
};

export interface BenchResults {
  readonly machine: Record<string, string | number>;
  readonly rows: readonly Row[];
  readonly missed: readonly Row[];
  readonly details: Record<string, unknown>;
}

function machine() {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: execFileSync(node24Binary(), ['--version'], { encoding: 'utf8' }).trim(),
    date: new Date().toISOString(),
  };
}

async function prepareDynamo(settings: BenchSettings, progress: Progress) {
  let local: DynamoLocal | undefined;
  let endpoint = settings.dynamoEndpoint;
  if (!endpoint) {
    progress.update('starting DynamoDB Local');
    local = await startDynamoLocal();
    endpoint = local.endpoint;
  }
  return { endpoint, stop: async () => local?.stop() };
}

async function throughputPhase(build: BenchBuild, settings: BenchSettings, context: PhaseContext) {
  const { scenario, endpoint, progress } = context;
  const server = await startServer(build.throughputServer, functionEnvironment(scenario, endpoint, 'local'), build.dir);
  const ceiling = createCeiling(endpoint, scenario.tables);
  const results: { ours: LoadFigures; ceiling: LoadFigures }[] = [];
  try {
    progress.update('throughput: warm-up');
    const warmUp = await signIns(scenario, settings.throughput.warmUpRequests);
    await server.run(warmUp, 8);
    await ceiling.run(warmUp, 8);
    for (const [index, level] of settings.throughput.levels.entries()) {
      progress.update(`throughput: concurrency ${level.concurrency} (${level.requests} sign-ins each)`);
      const requests = await signIns(scenario, level.requests);
      if (index % 2 === 0) {
        const ours = await server.run(requests, level.concurrency);
        results.push({ ours, ceiling: await ceiling.run(requests, level.concurrency) });
      } else {
        const ceilingFigures = await ceiling.run(requests, level.concurrency);
        results.push({ ours: await server.run(requests, level.concurrency), ceiling: ceilingFigures });
      }
    }
  } finally {
    await server.stop();
    ceiling.stop();
  }
  return results;
}

interface PhaseContext {
  readonly scenario: Awaited<ReturnType<typeof createScenario>>;
  readonly endpoint: string;
  readonly progress: Progress;
}

/** Runs every measurement once, interleaved with the floor's (or the ceiling's), and returns the rows. */
export async function runBench(settings: BenchSettings): Promise<BenchResults> {
  const progress = createProgress(settings.progress);
  progress.update('building the bundles (stack options)');
  const build = await buildBench();
  const dynamo = await prepareDynamo(settings, progress);
  try {
    progress.update('creating and seeding tables');
    const scenario = await createScenario(settings.clients);
    const tableClient = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await createTables(tableClient, scenario.tables).finally(() => tableClient.destroy());
    const seedClient = createDocumentClient({ endpoint: dynamo.endpoint });
    await seedItems(seedClient, scenario).finally(() => seedClient.destroy());
    const context: PhaseContext = { scenario, endpoint: dynamo.endpoint, progress };

    const firstSignIn = await signIn(scenario, 0);
    const cold = await measureColdStarts({
      runs: settings.coldStartRuns,
      probe: build.coldStartProbe,
      ssoBundle: build.ssoBundle,
      floorBundle: build.floorBundle,
      env: functionEnvironment(scenario, dynamo.endpoint, 'kms'),
      event: signInEvent(unknownClient(firstSignIn)),
      onProgress: (run) => progress.update(`cold start: run ${run}/${settings.coldStartRuns} (ours and floor)`),
    });

    const pool = await signIns(scenario, Math.min(256, settings.warmUpSignIns + settings.measuredSignIns));
    const warm = await measureWarm({
      rounds: settings.warmRounds,
      dir: build.dir,
      ssoProbe: build.warmSsoProbe,
      floorProbe: build.warmFloorProbe,
      env: functionEnvironment(scenario, undefined, 'local'),
      probeInput: {
        items: wireItems(scenario),
        firstSignIns: [await signIn(scenario, 0), await signIn(scenario, 1)],
        pool,
        unknownClient: unknownClient(firstSignIn),
        warmUp: settings.warmUpSignIns,
        measured: settings.measuredSignIns,
      },
      onProgress: (round) =>
        progress.update(`warm: round ${round}/${settings.warmRounds} (${settings.measuredSignIns} sign-ins each side)`),
    });

    const throughput = await throughputPhase(build, settings, context);
    progress.update('kms mode: KMS calls per sign-in and per replay');
    const kmsCalls = await measureKmsCalls(scenario, dynamo.endpoint, settings.kmsCalls);
    progress.update('faults: the 105 when DynamoDB hangs or is unreachable');
    const faults = await measureFaultAnswers(scenario, settings.faultRuns);
    progress.done();

    const lambda = ssoLambdaSettings();
    const [oursRound] = warm.ours.rounds;
    const [floorRound] = warm.floor.rounds;
    if (!oursRound || !floorRound) throw new Error('the warm phase ran no rounds');
    const cost = costPerMillion({
      lambda,
      cpuUsPerSignIn: warm.ours.cpuUsPerSignIn,
      dynamoCallsPerSignIn: oursRound.callsUncachedSignIn,
      logBytesPerSignIn: median(warm.ours.rounds.map((round) => round.stdoutBytesPerSignIn)),
    });
    const rows = benchRows({ build, cold, warm, throughput, oursRound, floorRound, kmsCalls, faults });
    const results: BenchResults = {
      machine: machine(),
      rows,
      missed: missedBudgets(rows),
      details: {
        settings: { ...settings, resultsFile: undefined },
        lambda,
        bundles: { ours: build.ssoSize, floor: build.floorSize },
        coldStart: cold,
        warm,
        throughput,
        kmsCalls,
        faults,
        cost,
        prices: PRICES,
        assumptions: ASSUMPTIONS,
      },
    };
    mkdirSync(dirname(settings.resultsFile), { recursive: true });
    writeFileSync(settings.resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    return results;
  } finally {
    progress.done();
    await dynamo.stop();
    build.remove();
  }
}

interface RowInput {
  readonly build: BenchBuild;
  readonly cold: Awaited<ReturnType<typeof measureColdStarts>>;
  readonly warm: Awaited<ReturnType<typeof measureWarm>>;
  readonly throughput: { ours: LoadFigures; ceiling: LoadFigures }[];
  readonly oursRound: Awaited<ReturnType<typeof measureWarm>>['ours']['rounds'][number];
  readonly floorRound: Awaited<ReturnType<typeof measureWarm>>['ours']['rounds'][number];
  readonly kmsCalls: KmsCallFigures;
  readonly faults: FaultAnswerFigures;
}

function benchRows({ build, cold, warm, throughput, oursRound, floorRound, kmsCalls, faults }: RowInput): Row[] {
  const { ssoSize, floorSize } = build;
  const rows: Row[] = [
    compared('bundle', 'all shipped files, raw', 'B', ssoSize.bytes, floorSize.bytes, { ratio: 1.25 }),
    compared('bundle', 'all shipped files, gzip', 'B', ssoSize.gzipBytes, floorSize.gzipBytes),
    compared('bundle', 'index.mjs, raw', 'B', ssoSize.main.bytes, floorSize.main.bytes),
    compared('bundle', 'index.mjs, gzip', 'B', ssoSize.main.gzipBytes, floorSize.main.gzipBytes),
    compared('cold start', 'module load (median)', 'ms', cold.ours.loadMs, cold.floor.loadMs),
    compared('cold start', 'load + first answer (median)', 'ms', cold.ours.firstAnswerMs, cold.floor.firstAnswerMs, {
      ratio: 1.25,
    }),
    compared('cold start', 'process CPU to first answer (median)', 'ms', cold.ours.cpuMs, cold.floor.cpuMs),
    compared('warm', 'CPU per sign-in (median of rounds)', 'µs', warm.ours.cpuUsPerSignIn, warm.floor.cpuUsPerSignIn, {
      ratio: 1.5,
    }),
    compared('warm', 'wall time per sign-in', 'µs', warm.ours.wallUsPerSignIn, warm.floor.wallUsPerSignIn),
    absolute('dynamodb', 'calls per sign-in (settings not cached)', 'calls', oursRound.callsUncachedSignIn, { max: 2 }),
    absolute('dynamodb', 'calls per unknown client', 'calls', oursRound.callsUnknownClient, { max: 1 }),
    // Two attempts of at most 1 s each and the SDK's backoff; the contract allows 10 s.
    absolute('dynamodb', '105 when DynamoDB hangs (slowest)', 'ms', faults.hangingMaxMs, { max: 3000 }),
    absolute('dynamodb', '105 when DynamoDB is unreachable (slowest)', 'ms', faults.unreachableMaxMs, { max: 3000 }),
    compared(
      'dynamodb',
      'calls per warm sign-in (settings cached)',
      'calls',
      oursRound.callsPerWarmSignIn,
      floorRound.callsPerWarmSignIn,
    ),
    absolute('dynamodb', 'calls, first sign-in of a process (+ key ring)', 'calls', oursRound.callsFirstSignIn),
    absolute('kms', 'calls, first sign-in of a process (kms mode, + key check)', 'calls', kmsCalls.firstSignIn),
    absolute('kms', 'calls per sign-in (kms mode)', 'calls', kmsCalls.perSignIn, { max: 1 }),
    absolute('kms', 'calls per replay of a used token (kms mode)', 'calls', kmsCalls.perReplay, { max: 0 }),
  ];
  for (const { ours, ceiling } of throughput) {
    const at16 = ours.concurrency === 16;
    rows.push(
      compared(
        'throughput',
        `sign-ins/s at concurrency ${ours.concurrency}`,
        '/s',
        ours.perSecond,
        ceiling.perSecond,
        at16 ? { ratio: 0.8, higherIsBetter: true, against: 'ceiling' } : undefined,
      ),
      compared('throughput', `p50 at concurrency ${ours.concurrency}`, 'ms', ours.p50Ms, ceiling.p50Ms),
      compared(
        'throughput',
        `p99 at concurrency ${ours.concurrency}`,
        'ms',
        ours.p99Ms,
        ceiling.p99Ms,
        at16 ? { ratio: 2, against: 'ceiling' } : undefined,
      ),
      compared(
        'throughput',
        `DynamoDB calls per sign-in at ${ours.concurrency}`,
        'calls',
        ours.dynamoCallsPerSignIn,
        ceiling.dynamoCallsPerSignIn,
      ),
    );
  }
  const worstOurs = warm.ours.rounds.reduce((worst, round) =>
    round.afterMeasured.rssMb - round.afterWarmUp.rssMb > worst.afterMeasured.rssMb - worst.afterWarmUp.rssMb
      ? round
      : worst,
  );
  rows.push(
    compared('memory', 'heap after load', 'MB', oursRound.afterLoad.heapUsedMb, floorRound.afterLoad.heapUsedMb),
    compared('memory', 'RSS after load', 'MB', oursRound.afterLoad.rssMb, floorRound.afterLoad.rssMb),
    compared(
      'memory',
      'heap after warm-up + measured sign-ins',
      'MB',
      worstOurs.afterMeasured.heapUsedMb,
      floorRound.afterMeasured.heapUsedMb,
    ),
    compared(
      'memory',
      'RSS after warm-up + measured sign-ins',
      'MB',
      worstOurs.afterMeasured.rssMb,
      floorRound.afterMeasured.rssMb,
    ),
    absolute('memory', 'RSS growth over the measured sign-ins (worst round)', 'MB', warm.ours.rssGrowthMb, {
      max: 10,
      strict: true,
    }),
    absolute('memory', 'heap growth over the measured sign-ins (worst round)', 'MB', warm.ours.heapGrowthMb),
  );
  return rows;
}

/** The cost table for stdout. */
function renderCost(cost: ReturnType<typeof costPerMillion>): string {
  const width = Math.max(...[...cost.lines, ...cost.edgeLines, ...cost.regionLines].map((line) => line.item.length));
  const money = (value: number) => `$${value.toFixed(3)}`.padStart(9);
  return [
    `Cost per million sign-ins (${PRICES.asOf})`,
    `${'item'.padEnd(width)}  ${'wrapped'.padStart(9)}  ${'kms'.padStart(9)}`,
    ...cost.lines.map((line) => `${line.item.padEnd(width)}  ${money(line.wrapped)}  ${money(line.kms)}`),
    `${'total without the edge'.padEnd(width)}  ${money(cost.totalWrapped)}  ${money(cost.totalKms)}`,
    ...cost.edgeLines.map((line) => `${line.item.padEnd(width)}  ${money(line.perMillion)}  ${money(line.perMillion)}`),
    `${'total with the edge (default)'.padEnd(width)}  ${money(cost.totalWrappedWithEdge)}  ${money(cost.totalKmsWithEdge)}`,
    `The edge also costs $${cost.edgeMonthly.toFixed(2)} a month whatever the traffic (web ACL, ${EDGE_WAF_RULES} rules, the origin secret, ${EDGE_ALARMS} alarms).`,
    ...cost.regionLines.map((line) => `${line.item.padEnd(width)}  ${money(line.perMillion)}          –`),
    `${'total, three regions behind the edge'.padEnd(width)}  ${money(cost.totalWrappedThreeRegions)}          –`,
    `Three regions also cost $${cost.regionMonthly.toFixed(2)} a month whatever the traffic (a health check per region and the /health calls of ` +
      `about ${MULTI_REGION_ASSUMPTIONS.healthCheckersPerInterval} checkers every ${MULTI_REGION_ASSUMPTIONS.healthCheckIntervalSeconds} s, the cleanup schedule); kms signing is single-region only.`,
    `Assumed (not measured here): DynamoDB round trip ${ASSUMPTIONS.dynamoRoundTripMs} ms, KMS Sign ${ASSUMPTIONS.kmsSignRoundTripMs} ms, ` +
      `1 vCPU at ${ASSUMPTIONS.fullVcpuMb} MB; every sign-in reads its settings (no cache hit); cold starts not included.`,
  ].join('\n');
}

/** Prints the results; returns the exit status (1 when a budget is missed). */
export function printResults(results: BenchResults, resultsFile: string): number {
  const { machine: info } = results;
  console.log(`Infoauth bench: ${info.cores} cores, ${info.cpu}, Node ${info.node}, ${info.date}`);
  console.log(renderTable(results.rows));
  console.log();
  console.log(renderCost(results.details.cost as ReturnType<typeof costPerMillion>));
  console.log();
  console.log(`JSON: ${resultsFile}`);
  if (results.missed.length === 0) {
    console.log('All budgets met.');
    return 0;
  }
  console.log(`Budgets missed: ${results.missed.map((row) => `${row.section}: ${row.measure}`).join('; ')}`);
  return 1;
}

if (import.meta.main) {
  runBench(FULL_RUN)
    .then((results) => {
      process.exitCode = printResults(results, FULL_RUN.resultsFile);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    });
}
