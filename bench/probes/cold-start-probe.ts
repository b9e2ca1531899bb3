/**
 * Runs in a fresh Node 24 process: loads a function bundle the way the Lambda runtime does (a dynamic
 * import of the .mjs), then answers one request, and reports both times to the parent over IPC.
 * argv: the bundle's path. BENCH_EVENT: the API Gateway event (JSON).
 */
import { probeArgument, sendToBench } from './parent';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

export interface ColdStartSample {
  readonly loadMs: number;
  readonly firstAnswerMs: number;
  /** CPU (user + system) of the whole process up to the answer: less disturbed by other load than wall time. */
  readonly cpuMs: number;
  readonly statusCode: number;
  readonly location: string;
}

async function probe(): Promise<void> {
  const event = JSON.parse(process.env.BENCH_EVENT ?? '{}') as unknown;
  const context = { awsRequestId: 'cold-start', functionName: 'bench', getRemainingTimeInMillis: () => 10_000 };
  const start = performance.now();
  const { handler } = (await import(pathToFileURL(probeArgument(0, 'the bundle')).href)) as {
    handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; headers?: Record<string, string> }>;
  };
  const loaded = performance.now();
  const result = await handler(event, context);
  const answered = performance.now();
  const cpu = process.cpuUsage();
  const sample: ColdStartSample = {
    loadMs: loaded - start,
    firstAnswerMs: answered - start,
    cpuMs: (cpu.user + cpu.system) / 1000,
    statusCode: result.statusCode,
    location: result.headers?.Location ?? '',
  };
  // The SDK keeps its connection alive; the runtime would freeze the process here, the probe exits.
  sendToBench(sample, () => process.exit(0));
}

void probe();
