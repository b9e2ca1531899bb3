/**
 * Runs in a fresh Node 24 process, bundled like the functions (see bench/bundles.ts): one handler (ours or
 * the floor's) over DynamoDB answered in memory. Reports DynamoDB calls per request kind, CPU per warm
 * sign-in (process.cpuUsage) and heap and RSS after load, after warm-up and after the measured sign-ins.
 * Every answer is checked (a 302 with an assertion, or to the error page), so a broken path cannot look fast.
 */
import { probeArgument, sendToBench } from './parent';
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { InMemoryDynamo, type WireItem } from '../in-memory-dynamo';
import { signInEvent, type SignInFields } from '../sign-in-event';

export interface WarmProbeInput {
  readonly items: Record<string, WireItem[]>;
  /** Sign-ins for distinct clients, each of which the handler has not seen yet (cache misses). */
  readonly firstSignIns: readonly [SignInFields, SignInFields];
  /** The pool the warm loop cycles through (the in-memory store does not remember used tokens). */
  readonly pool: SignInFields[];
  readonly unknownClient: SignInFields;
  readonly warmUp: number;
  readonly measured: number;
}

export interface MemorySnapshot {
  readonly heapUsedMb: number;
  readonly rssMb: number;
}

export interface WarmProbeResult {
  readonly callsUnknownClient: number;
  /** The first sign-in of the process (loads the signing key ring once). */
  readonly callsFirstSignIn: number;
  /** A sign-in for a client not in the settings cache. */
  readonly callsUncachedSignIn: number;
  /** The average over the measured sign-ins (settings cache as in production). */
  readonly callsPerWarmSignIn: number;
  readonly cpuUsPerSignIn: number;
  readonly wallUsPerSignIn: number;
  readonly stdoutBytesPerSignIn: number;
  readonly afterLoad: MemorySnapshot;
  readonly afterWarmUp: MemorySnapshot;
  readonly afterMeasured: MemorySnapshot;
}

export type BenchHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

const MB = 1024 * 1024;

function snapshot(): MemorySnapshot {
  // Collect first, so the figures are what the handler keeps, not garbage waiting for the next GC.
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsedMb: heapUsed / MB, rssMb: rss / MB };
}

function expect(result: APIGatewayProxyStructuredResultV2, outcome: 'signed-in' | 'refused'): void {
  const location = String(result.headers?.Location ?? '');
  const signedIn = result.statusCode === 302 && location.includes('assertion=');
  const refused = result.statusCode === 302 && location.includes('code=');
  if (outcome === 'signed-in' ? !signedIn : !refused) {
    throw new Error(`expected ${outcome}, got ${result.statusCode} ${location.slice(0, 120)}`);
  }
}

async function callsFor(dynamo: InMemoryDynamo, run: () => Promise<void>): Promise<number> {
  const before = dynamo.totalCalls();
  await run();
  return dynamo.totalCalls() - before;
}

/** Counts what the handler writes to stdout (its logs and EMF metrics), for the logging cost. */
function countStdout(): () => number {
  let bytes = 0;
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk: string | Uint8Array, ...rest: never[]) => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    return write(chunk, ...rest);
  };
  return () => bytes;
}

/**
 * The probe's body: `createHandler` builds the handler over the in-memory transport (as its module load
 * would), then the measurements run and the result goes to the parent over IPC.
 */
export async function runWarmProbe(createHandler: (dynamo: InMemoryDynamo) => BenchHandler): Promise<void> {
  const input = JSON.parse(readFileSync(probeArgument(0, 'the input file'), 'utf8')) as WarmProbeInput;
  const stdoutBytes = countStdout();
  const dynamo = new InMemoryDynamo(input.items);
  const handler = createHandler(dynamo);
  const afterLoad = snapshot();

  const callsUnknownClient = await callsFor(dynamo, async () =>
    expect(await handler(signInEvent(input.unknownClient)), 'refused'),
  );
  const [first, second] = input.firstSignIns;
  const callsFirstSignIn = await callsFor(dynamo, async () => expect(await handler(signInEvent(first)), 'signed-in'));
  const callsUncachedSignIn = await callsFor(dynamo, async () =>
    expect(await handler(signInEvent(second)), 'signed-in'),
  );

  const events = input.pool.map(signInEvent);
  const signIn = async (index: number) => {
    const event = events[index % events.length];
    if (event === undefined) throw new Error('the probe was given no sign-ins');
    expect(await handler(event), 'signed-in');
  };
  for (let index = 0; index < input.warmUp; index += 1) await signIn(index);
  const afterWarmUp = snapshot();

  const callsBefore = dynamo.totalCalls();
  const bytesBefore = stdoutBytes();
  const wallStart = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (let index = 0; index < input.measured; index += 1) await signIn(index);
  const cpu = process.cpuUsage(cpuStart);
  const wallNs = Number(process.hrtime.bigint() - wallStart);
  const result: WarmProbeResult = {
    callsUnknownClient,
    callsFirstSignIn,
    callsUncachedSignIn,
    callsPerWarmSignIn: (dynamo.totalCalls() - callsBefore) / input.measured,
    cpuUsPerSignIn: (cpu.user + cpu.system) / input.measured,
    wallUsPerSignIn: wallNs / 1000 / input.measured,
    stdoutBytesPerSignIn: (stdoutBytes() - bytesBefore) / input.measured,
    afterLoad,
    afterWarmUp,
    afterMeasured: snapshot(),
  };
  sendToBench(result, () => process.exit(0));
}
