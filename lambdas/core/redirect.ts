/** Where the browser goes: the target with an assertion, or an error page with a code and a ref. */
import type { ErrorCode } from './catalog';
import { parseHttpUrl } from './identifiers';
import type { SsoConfig } from './model';

export const MAX_STATE_LENGTH = 1024;

/** The target of a sign-in: `return_to` when it is an absolute http(s) URL on an allowed origin. */
export function chooseTarget(config: Pick<SsoConfig, 'targetUrl' | 'allowedOrigins'>, returnTo: string | undefined) {
  if (returnTo === undefined || returnTo === '') return { target: config.targetUrl, returnToIgnored: false };
  const url = parseHttpUrl(returnTo);
  if (url && config.allowedOrigins.includes(url.origin)) return { target: url.href, returnToIgnored: false };
  return { target: config.targetUrl, returnToIgnored: true };
}

/** `state` is passed through as the client sent it, unless it is too long to be a state value. */
export function acceptableState(state: string | undefined): string | undefined {
  return state !== undefined && state !== '' && state.length <= MAX_STATE_LENGTH ? state : undefined;
}

export function successLocation(target: string, assertion: string, state: string | undefined): string {
  const url = new URL(target);
  url.searchParams.set('assertion', assertion);
  if (state !== undefined) url.searchParams.set('state', state);
  return url.href;
}

/**
 * The error page with `code`, `ref` and, once the client proved its secret, `client` (its id), so that
 * the page can show the client's public profile. 101, 102 and a 105 before the secret check pass none.
 */
export function errorLocation(errorPage: string, code: ErrorCode, ref: string, clientId?: string): string {
  const url = new URL(errorPage);
  url.searchParams.set('code', code);
  url.searchParams.set('ref', ref);
  if (clientId !== undefined) url.searchParams.set('client', clientId);
  return url.href;
}
