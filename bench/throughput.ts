/**
 * Throughput and latency against DynamoDB Local: sign-ins through `npm start`'s server (a child process)
 * at a fixed concurrency, against the ceiling, a bare SDK client doing the same read and conditional put
 * at the same concurrency. Every request is counted and checked; all traffic stays on 127.0.0.1.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ChildProcess } from 'node:child_process';
import type { TableNames } from '../lambdas/adapters/dynamodb/tables';
import { countRequests } from './counting-transport';
import { startChild } from './node24';
import type { SignInFields } from './sign-in-event';
import { percentile } from './statistics';
import { inPool } from './worker-pool';

export interface LoadFigures {
  readonly concurrency: number;
  readonly requests: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** DynamoDB requests per sign-in, counted at the HTTP layer. */
  readonly dynamoCallsPerSignIn: number;
}

/** Sends `items` through `send` with `concurrency` requests in flight; bounded by the number of items. */
async function load<T>(items: readonly T[], concurrency: number, send: (item: T) => Promise<void>) {
  const started = process.hrtime.bigint();
  const latencies = await inPool(items, concurrency, async (item) => {
    const start = process.hrtime.bigint();
    await send(item);
    return Number(process.hrtime.bigint() - start) / 1e6;
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    requests: items.length,
    perSecond: items.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

/** The local server in a child process, and a keep-alive HTTP client for it. */
export interface ServerUnderLoad {
  run(signIns: readonly SignInFields[], concurrency: number): Promise<LoadFigures>;
  stop(): Promise<void>;
}

function ask<T>(child: ChildProcess, message: object, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the local server exited (${code})`));
    const onMessage = (answer: Record<string, unknown>) => {
      if (!(key in answer)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(answer[key] as T);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    if (Object.keys(message).length > 0) child.send(message);
  });
}

function getSso(agent: Agent, port: number, fields: SignInFields): Promise<void> {
  const path = `/sso?${new URLSearchParams({ ...fields }).toString()}`;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (response) => {
      response.resume();
      response.on('end', () => {
        const location = response.headers.location ?? '';
        if (response.statusCode === 302 && location.includes('assertion=')) resolve();
        else reject(new Error(`sign-in through the local server got ${response.statusCode} ${location.slice(0, 120)}`));
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Starts the local server (bench/probes/local-server-probe.ts through tsx, on Node 24).
 * @param logDir where the server's handler log goes
 */
export async function startServer(
  script: string,
  env: Record<string, string>,
  logDir: string,
): Promise<ServerUnderLoad> {
  const child = startChild(script, [logDir], { env, nodeArgs: ['--import', 'tsx'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
  const port = await ask<number>(child, {}, 'port').catch((error: unknown) => {
    throw new Error(`${String(error)}\n${stderr}`);
  });
  return {
    async run(signIns, concurrency) {
      const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
      const callsBefore = await ask<number>(child, { calls: true }, 'calls');
      const figures = await load(signIns, concurrency, (fields) => getSso(agent, port, fields));
      const calls = (await ask<number>(child, { calls: true }, 'calls')) - callsBefore;
      agent.destroy();
      return { concurrency, ...figures, dynamoCallsPerSignIn: calls / signIns.length };
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The ceiling: a bare document client (SDK defaults, keep-alive) doing one GetItem and one conditional PutItem. */
export function createCeiling(endpoint: string, tables: TableNames) {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const calls = countRequests(client);
  const signIn = async (fields: SignInFields) => {
    const { Item } = await client.send(
      new GetCommand({ TableName: tables.configs, Key: { pk: fields.client_id }, ConsistentRead: true }),
    );
    if (!Item) throw new Error('the ceiling found no configuration');
    await client.send(
      new PutCommand({
        TableName: tables.usedTokens,
        Item: { pk: `${fields.client_id}#${randomUUID()}`, expiresAt: Math.floor(Date.now() / 1000) + 600 },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  };
  return {
    async run(signIns: readonly SignInFields[], concurrency: number): Promise<LoadFigures> {
      const before = calls();
      const figures = await load(signIns, concurrency, signIn);
      return { concurrency, ...figures, dynamoCallsPerSignIn: (calls() - before) / signIns.length };
    },
    stop: () => client.destroy(),
  };
}
