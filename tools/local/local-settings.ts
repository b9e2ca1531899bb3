/**
 * Where the local run keeps things, in one place, so `npm start` and `admin --local` always agree on the
 * DynamoDB endpoint, the table names and the files under `.local/`.
 */
import { resolve } from 'node:path';

/** DynamoDB Local's own default port; `npm start` starts it here unless told otherwise. */
export const DEFAULT_DYNAMO_PORT = 8000;
/** The HTTP port of `npm start` unless `PORT` is set. */
export const DEFAULT_HTTP_PORT = 3000;

/**
 * The port `npm start` gives its own DynamoDB Local: INFOAUTH_LOCAL_DYNAMO_PORT, else 8000.
 * Throws on a value that is not a port number.
 */
export function localDynamoPort(env: NodeJS.ProcessEnv = process.env): number {
  return portFrom(env.INFOAUTH_LOCAL_DYNAMO_PORT, DEFAULT_DYNAMO_PORT, 'INFOAUTH_LOCAL_DYNAMO_PORT');
}

/**
 * The DynamoDB that the local run uses: AWS_ENDPOINT_URL_DYNAMODB if set, else the DynamoDB Local that
 * `npm start` starts on 127.0.0.1 (port {@link localDynamoPort}).
 */
export function localDynamoEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_ENDPOINT_URL_DYNAMODB || `http://127.0.0.1:${localDynamoPort(env)}`;
}

/** The HTTP port of the local server: PORT, else 3000. */
export function localHttpPort(env: NodeJS.ProcessEnv = process.env): number {
  return portFrom(env.PORT, DEFAULT_HTTP_PORT, 'PORT');
}

function portFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw new Error(`${name} must be a port number (1-65535)`);
  return port;
}

/** The files of the local run: git-ignored, under INFOAUTH_LOCAL_DIR (default `.local/` in the current directory). */
export interface LocalPaths {
  readonly dir: string;
  /** The local key-encryption key (base64, 32 bytes) that wraps the assertion signing keys. */
  readonly kekFile: string;
  /** The demo client's private signing key (JWK), for `admin token mint --private-jwk`. */
  readonly demoPrivateJwkFile: string;
  /** The handler's log lines, JSON, one per line (what `admin find --local` reads). */
  readonly ssoLogFile: string;
}

export function localPaths(env: NodeJS.ProcessEnv = process.env): LocalPaths {
  const dir = resolve(env.INFOAUTH_LOCAL_DIR || '.local');
  return {
    dir,
    kekFile: resolve(dir, 'local-kek.b64'),
    demoPrivateJwkFile: resolve(dir, 'demo-client-private-jwk.json'),
    ssoLogFile: resolve(dir, 'logs', 'sso.log'),
  };
}

/** DynamoDB Local keeps its data here (a directory) when INFOAUTH_LOCAL_DATA_DIR is set; in memory otherwise. */
export function localDataDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.INFOAUTH_LOCAL_DATA_DIR ? resolve(env.INFOAUTH_LOCAL_DATA_DIR) : undefined;
}
