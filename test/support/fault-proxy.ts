/**
 * A loopback HTTP proxy between the SDK and DynamoDB Local that injects the faults of contract §4:
 * hanging, throttling, and a request that reaches DynamoDB but whose response is lost; and the multi-Region
 * strong consistency fault of a write racing one in another region (ReplicatedWriteConflictException).
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type FaultMode = 'pass' | 'hang' | 'throttle';

export interface FaultProxy {
  readonly endpoint: string;
  mode: FaultMode;
  /** When set, the fault applies only to this operation (e.g. 'PutItem'); others pass. */
  faultOnly?: string;
  /** The next request for this operation (e.g. 'PutItem') reaches DynamoDB, but its response is never sent. */
  loseNextResponseOf?: string;
  /**
   * The next this many PutItem requests are answered with ReplicatedWriteConflictException without
   * reaching DynamoDB (an MRSC table rejects the write: nothing is written); after a pending
   * `loseNextResponseOf` PutItem, if both are set.
   */
  replicatedConflicts?: number;
  /** Operations seen, in order (e.g. 'BatchGetItem', 'PutItem'). */
  readonly operations: string[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function forward(
  upstream: URL,
  req: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (res) =>
        void readBody(res).then(
          (data) => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: data }),
          reject,
        ),
    );
    out.on('error', reject);
    out.end(body);
  });
}

function throttled(res: ServerResponse): void {
  const body = JSON.stringify({
    __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException',
    message: 'Rate of requests exceeds the allowed throughput.',
  });
  res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': 'ThrottlingException' });
  res.end(body);
}

function replicatedWriteConflict(res: ServerResponse): void {
  const body = JSON.stringify({
    __type: 'com.amazonaws.dynamodb.v20120810#ReplicatedWriteConflictException',
    message: 'One or more items in this request are being modified by a request in another Region.',
  });
  res.writeHead(400, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-errortype': 'ReplicatedWriteConflictException',
  });
  res.end(body);
}

export async function startFaultProxy(upstreamEndpoint: string): Promise<FaultProxy> {
  const upstream = new URL(upstreamEndpoint);
  const sockets = new Set<Socket>();
  const proxy: Omit<FaultProxy, 'endpoint' | 'close'> = { mode: 'pass', operations: [] };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    proxy.operations.push(operation);
    const faulty = proxy.faultOnly === undefined || proxy.faultOnly === operation;
    if (faulty && proxy.mode === 'hang') return; // never answer; the socket is destroyed at close
    if (faulty && proxy.mode === 'throttle') {
      throttled(res);
      return;
    }
    // A pending lost response goes first, so a test can lose a committed write and conflict its retry.
    if (operation === 'PutItem' && proxy.loseNextResponseOf !== operation && (proxy.replicatedConflicts ?? 0) > 0) {
      proxy.replicatedConflicts = (proxy.replicatedConflicts ?? 0) - 1;
      replicatedWriteConflict(res);
      return;
    }
    const answer = await forward(upstream, req, body).catch(() => undefined);
    if (proxy.loseNextResponseOf === operation) {
      proxy.loseNextResponseOf = undefined;
      return; // DynamoDB did the work; the client never hears of it
    }
    if (!answer) {
      res.writeHead(502).end();
      return;
    }
    res.writeHead(answer.status, answer.headers).end(answer.body);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  return Object.assign(proxy, {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
