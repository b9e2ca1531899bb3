/**
 * How long a person waits for the 105 when DynamoDB does not answer: the production DynamoDB client
 * (lambdas/adapters/dynamodb/client.ts, its connection and request timeouts and its attempts) against a
 * loopback server that accepts connections and never answers (hanging) and against a port nothing
 * listens on (unreachable), through the core's sign-in. The integration tests assert the code, the
 * reason and the retry count; the time is measured here, where it is a budget, not in a timed test.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { createDocumentClient, DEFAULT_TIMEOUTS } from '../lambdas/adapters/dynamodb/client';
import { DynamoSsoSettingsStore } from '../lambdas/adapters/dynamodb/sso-settings-store';
import { DynamoUsedTokenStore } from '../lambdas/adapters/dynamodb/used-token-store';
import { signIn as decide, type SignInDeps } from '../lambdas/core/sign-in';
import { BENCH_ISSUER, signIn, type BenchScenario } from './bench-scenario';

export interface FaultAnswerFigures {
  /** The slowest 105 of the runs, in ms, when every DynamoDB request hangs. */
  readonly hangingMaxMs: number;
  /** The slowest 105 of the runs, in ms, when DynamoDB's port refuses connections. */
  readonly unreachableMaxMs: number;
  readonly runs: number;
}

/** A loopback TCP server that takes every connection and never writes a byte. */
async function hangingServer(): Promise<{ server: Server; endpoint: string; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port for the hanging server');
  return { server, endpoint: `http://127.0.0.1:${address.port}`, sockets };
}

/** A loopback port with nothing listening (taken, then released). */
async function closedPort(): Promise<string> {
  const { server, endpoint } = await hangingServer();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return endpoint;
}

async function slowest105(scenario: BenchScenario, endpoint: string, runs: number): Promise<number> {
  const client = createDocumentClient({ endpoint, ...DEFAULT_TIMEOUTS });
  const deps: SignInDeps = {
    settings: new DynamoSsoSettingsStore(client, scenario.tables),
    usedTokens: new DynamoUsedTokenStore(client, scenario.tables.usedTokens),
    signer: { sign: () => Promise.reject(new Error('the fault bench never signs')) },
    issuer: BENCH_ISSUER,
    newId: randomUUID,
  };
  let slowest = 0;
  try {
    for (let run = 0; run < runs; run += 1) {
      const fields = await signIn(scenario, run);
      const started = performance.now();
      const outcome = await decide(
        { clientId: fields.client_id, clientSecret: fields.client_secret, token: fields.token },
        deps,
        new Date(),
      );
      const elapsed = performance.now() - started;
      if (outcome.kind !== 'refused' || outcome.reason !== 'settings-unavailable') {
        const got = outcome.kind === 'refused' ? `${outcome.code} ${outcome.reason}` : outcome.kind;
        throw new Error(`fault bench: expected 105 settings-unavailable, got ${got}`);
      }
      slowest = Math.max(slowest, elapsed);
    }
  } finally {
    client.destroy();
  }
  return slowest;
}

export async function measureFaultAnswers(scenario: BenchScenario, runs: number): Promise<FaultAnswerFigures> {
  const hanging = await hangingServer();
  try {
    return {
      hangingMaxMs: await slowest105(scenario, hanging.endpoint, runs),
      unreachableMaxMs: await slowest105(scenario, await closedPort(), runs),
      runs,
    };
  } finally {
    for (const socket of hanging.sockets) socket.destroy();
    await new Promise<void>((resolve) => hanging.server.close(() => resolve()));
  }
}
