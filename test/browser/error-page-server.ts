/**
 * A tiny static server for the built error page on 127.0.0.1 (random port), sending the same security
 * headers as the local server and CloudFront. Serves only the files that the build wrote, and
 * `/profiles/<clientId>` from the documents it is given (the SSO handler's answer, stood in for here; the
 * handler's own route is tested on DynamoDB Local and through npm start).
 */
import { createServer, type Server } from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { PROFILE_PATH_PREFIX } from '../../lambdas/core/public-profile';

export interface ErrorPageServer {
  readonly origin: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

/** Serves `dir` with `headers` on every answer; `/` is index.html. */
export async function serveErrorPage(
  dir: string,
  headers: Readonly<Record<string, string>>,
  profiles: Readonly<Record<string, unknown>> = {},
): Promise<ErrorPageServer> {
  const files = new Map<string, { contentType: string; body: Buffer }>();
  for (const name of await readdir(dir)) {
    const extension = name.split('.').pop() ?? '';
    files.set(`/${name}`, {
      contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
      body: await readFile(join(dir, name)),
    });
  }
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path.startsWith(PROFILE_PATH_PREFIX)) {
      const clientId = decodeURIComponent(path.slice(PROFILE_PATH_PREFIX.length));
      const found = Object.prototype.hasOwnProperty.call(profiles, clientId);
      response
        .writeHead(found ? 200 : 404, { ...headers, 'Content-Type': 'application/json; charset=utf-8' })
        .end(JSON.stringify(found ? profiles[clientId] : {}));
      return;
    }
    const file = files.get(path === '/' ? '/index.html' : path);
    if (!file) {
      response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    response.writeHead(200, { ...headers, 'Content-Type': file.contentType }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
