/**
 * The one HTTP server of the local run, on 127.0.0.1: `/sso`, `/.well-known/jwks.json`, `/health` and
 * `/profiles/<clientId>` through the real Lambda handler (as API Gateway HTTP API would call it), the hosted error page under `/error/`,
 * and the demo target app under `/demo/`. Request bodies are bounded to 1 MiB (413 beyond): API
 * Gateway allows 10 MB, but the SSO form is a few kilobytes and a laptop server need not buffer more.
 * Only requests whose `Host` names this server on loopback are answered (421 otherwise): DNS rebinding.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { ERROR_PAGE_PATH } from '../../lambdas/core/edge-origin';
import { PROFILE_PATH_PREFIX } from '../../lambdas/core/public-profile';
import type { DemoApp } from '../demo/demo-app';
import {
  fromHttpApiResult,
  localLambdaContext,
  newRequestId,
  toHttpApiEvent,
  type HttpResponseData,
} from './http-api-event';

export const MAX_BODY_BYTES = 1024 * 1024;
/** The hosted error page's path: the edge's own (one constant for the edge and the local run). */
export { ERROR_PAGE_PATH };
export const DEMO_PATH = '/demo/';
const LAMBDA_ROUTES = new Set(['GET /sso', 'POST /sso', 'GET /.well-known/jwks.json', 'GET /health']);
/** `GET /profiles/{clientId}`: the one route with a path parameter, matched as API Gateway matches it. */
const PROFILE_ROUTE = { prefix: PROFILE_PATH_PREFIX, routeKey: `GET ${PROFILE_PATH_PREFIX}{clientId}` } as const;
const FUNCTION_NAME = 'infoauth-sso-local';

export type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

export interface StaticFile {
  readonly contentType: string;
  readonly body: string | Uint8Array;
}

export interface LocalRoutes {
  readonly handler: LambdaHandler;
  /** The error page's files by name (`index.html`, …) and the headers each response carries. */
  readonly errorPage: {
    readonly files: Readonly<Record<string, StaticFile>>;
    readonly headers: Readonly<Record<string, string>>;
  };
  readonly demo: DemoApp;
  /** One line per request for the terminal; `ref` is the API Gateway request id of handler requests. */
  readonly onRequest: (line: { method: string; path: string; status: number; ref?: string }) => void;
}

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.removeAllListeners('data');
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function json(statusCode: number, body: object): HttpResponseData {
  return { statusCode, headers: [['content-type', 'application/json']], body: Buffer.from(JSON.stringify(body)) };
}

function send(response: ServerResponse, data: HttpResponseData, method: string): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of data.headers) {
    const key = name.toLowerCase();
    const previous = headers[key];
    headers[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  headers['content-length'] = String(data.body.length);
  response.writeHead(data.statusCode, headers);
  response.end(method === 'HEAD' ? undefined : data.body);
}

async function invokeLambda(routes: LocalRoutes, request: IncomingMessage, routeKey: string, requestId: string) {
  const body = await readBody(request);
  const event = toHttpApiEvent(
    {
      method: request.method ?? 'GET',
      target: request.url ?? '/',
      rawHeaders: request.rawHeaders,
      body,
      sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      localPort: request.socket.localPort ?? 0,
      httpVersion: request.httpVersion,
    },
    routeKey,
    requestId,
    new Date(),
  );
  try {
    return fromHttpApiResult(await routes.handler(event, localLambdaContext(FUNCTION_NAME)));
  } catch {
    // What API Gateway answers when the integration fails.
    return json(500, { message: 'Internal Server Error' });
  }
}

/** The fields of an `application/x-www-form-urlencoded` body (read, bounded, in any case); else undefined. */
async function formFields(request: IncomingMessage): Promise<URLSearchParams | undefined> {
  const body = await readBody(request);
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded' ? new URLSearchParams(body.toString('utf8')) : undefined;
}

function errorPageFile(routes: LocalRoutes, path: string): HttpResponseData {
  const name = path === '' ? 'index.html' : path;
  const file = Object.prototype.hasOwnProperty.call(routes.errorPage.files, name)
    ? routes.errorPage.files[name]
    : undefined;
  if (!file) return { statusCode: 404, headers: Object.entries(routes.errorPage.headers), body: Buffer.alloc(0) };
  return {
    statusCode: 200,
    headers: [
      ...Object.entries(routes.errorPage.headers),
      ['content-type', file.contentType],
      ['cache-control', 'no-cache'],
    ],
    body: Buffer.from(file.body),
  };
}

async function route(routes: LocalRoutes, request: IncomingMessage, requestId: string): Promise<HttpResponseData> {
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const routeKey = `${method} ${url.pathname}`;
  if (LAMBDA_ROUTES.has(routeKey)) return invokeLambda(routes, request, routeKey, requestId);
  const profileId = url.pathname.startsWith(PROFILE_ROUTE.prefix)
    ? url.pathname.slice(PROFILE_ROUTE.prefix.length)
    : '';
  if (method === 'GET' && profileId !== '' && !profileId.includes('/')) {
    return invokeLambda(routes, request, PROFILE_ROUTE.routeKey, requestId);
  }
  const readOnly = method === 'GET' || method === 'HEAD';
  if (readOnly && url.pathname.startsWith(ERROR_PAGE_PATH)) {
    return errorPageFile(routes, url.pathname.slice(ERROR_PAGE_PATH.length));
  }
  if ((readOnly || method === 'POST') && url.pathname.startsWith(DEMO_PATH)) {
    const form = method === 'POST' ? await formFields(request) : undefined;
    const page = await routes.demo({ method, url, ...(form ? { form } : {}) });
    return { statusCode: page.statusCode, headers: Object.entries(page.headers), body: Buffer.from(page.body) };
  }
  if (readOnly && (url.pathname === '/' || url.pathname === '/demo' || url.pathname === '/error')) {
    const location = url.pathname === '/error' ? ERROR_PAGE_PATH + url.search : DEMO_PATH;
    return { statusCode: 302, headers: [['location', location]], body: Buffer.alloc(0) };
  }
  // API Gateway's answer for a request that matches no route.
  return json(404, { message: 'Not Found' });
}

/**
 * Whether the request names this server in `Host`: `127.0.0.1:<port>` or `localhost:<port>` (and
 * `[::1]:<port>` when it is served on IPv6 loopback), the port being the one the connection came in on.
 * A page on another name that resolves to 127.0.0.1 (DNS rebinding) sends its own name, so it is refused
 * and cannot read the demo app, the JWKS or an answer of the handler.
 */
export function isServedHost(host: string | undefined, localAddress: string | undefined, localPort: number): boolean {
  if (host === undefined) return false;
  const names = ['127.0.0.1', 'localhost', ...(localAddress === '::1' ? ['[::1]'] : [])];
  return names.some((name) => host.toLowerCase() === `${name}:${localPort}`);
}

const MISDIRECTED: HttpResponseData = {
  statusCode: 421,
  headers: [
    ['content-type', 'text/plain; charset=utf-8'],
    ['cache-control', 'no-store'],
    ['x-content-type-options', 'nosniff'],
    ['connection', 'close'],
  ],
  body: Buffer.from('Misdirected request: this local server answers only Host 127.0.0.1:<port> or localhost:<port>.\n'),
};

/** An HTTP server for the routes; call `listen(port, '127.0.0.1')` on it. */
export function createLocalServer(routes: LocalRoutes): Server {
  return createServer((request, response) => {
    const requestId = newRequestId();
    const method = request.method ?? 'GET';
    const [path = '/'] = (request.url ?? '/').split('?');
    if (!isServedHost(request.headers.host, request.socket.localAddress, request.socket.localPort ?? 0)) {
      request.resume();
      send(response, MISDIRECTED, method);
      routes.onRequest({ method, path, status: MISDIRECTED.statusCode });
      return;
    }
    void route(routes, request, requestId)
      .catch((error: unknown) =>
        error instanceof BodyTooLarge
          ? json(413, { message: 'Request Entity Too Large' })
          : json(500, { message: 'Internal Server Error' }),
      )
      .then((data) => {
        if (data.statusCode === 413) response.setHeader('connection', 'close');
        send(response, data, method);
        routes.onRequest({ method, path, status: data.statusCode, ...(path === '/sso' ? { ref: requestId } : {}) });
      });
  });
}
