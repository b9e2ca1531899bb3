/**
 * Where `smoke` runs: `--local` (the `npm start` at http://127.0.0.1:$PORT and its DynamoDB) or a deployed
 * stack (its CloudFormation outputs: the URLs and the tables, through the standard credential chain).
 */
import { InfoauthError } from '../../../lambdas/core/errors';
import type { AdminDeps } from '../admin-deps';
import { localAdminDeps } from '../local-admin-deps';
import { resolveStackTarget } from '../stack';
import { stackAdminDeps } from '../stack-admin-deps';
import type { SmokeEndpoints } from './smoke-run';

/** The local server's routes (tools/local/local-server.ts and the handler's paths). */
const LOCAL_ROUTES = { sso: '/sso', jwks: '/.well-known/jwks.json', errorPage: '/error/' } as const;
export const DEFAULT_LOCAL_PORT = 3000;

export interface SmokeTarget {
  readonly admin: AdminDeps;
  readonly endpoints: SmokeEndpoints;
  readonly description: string;
}

/** The port of `npm start`: PORT, default 3000; anything else than a port number is bad input. */
export function localPort(env: NodeJS.ProcessEnv): number {
  const value = env.PORT;
  if (value === undefined || value === '') return DEFAULT_LOCAL_PORT;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 1 && port <= 65_535)) {
    throw new InfoauthError('invalid-input', `PORT "${value.slice(0, 20)}" is not a port number (1-65535)`);
  }
  return port;
}

/**
 * `--local`: the `npm start` at http://127.0.0.1:$PORT and its DynamoDB; otherwise the stack's outputs
 * (CloudFormation) name the URLs and the tables, reached through the standard credential chain.
 */
export async function resolveSmokeTarget(
  options: { readonly local?: boolean; readonly stack: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<SmokeTarget> {
  if (options.local) {
    const base = `http://127.0.0.1:${localPort(env)}`;
    return {
      admin: localAdminDeps(env),
      endpoints: {
        ssoUrl: `${base}${LOCAL_ROUTES.sso}`,
        jwksUrl: `${base}${LOCAL_ROUTES.jwks}`,
        errorPageUrl: `${base}${LOCAL_ROUTES.errorPage}`,
      },
      description: `npm start at ${base}`,
    };
  }
  const target = await resolveStackTarget(options.stack);
  return {
    admin: await stackAdminDeps(options.stack, target),
    endpoints: { ssoUrl: target.ssoUrl, jwksUrl: target.jwksUrl, errorPageUrl: target.errorPageUrl },
    description: `the stack ${options.stack}`,
  };
}
