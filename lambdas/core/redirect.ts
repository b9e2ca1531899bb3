/** Where the browser goes: the target with an assertion, or an error page with a code and a ref. */
import type { ErrorCode } from './catalog';
import { parseHttpUrl } from './identifiers';
import type { AssertionDelivery, SsoConfig } from './model';

export const MAX_STATE_LENGTH = 1024;

/**
 * The target of a sign-in: `return_to` when it is an absolute https URL (http on loopback) on an allowed
 * origin whose path neither starts with `//` nor holds a backslash (a target app that redirects to its
 * own path would otherwise send the user to another host).
 */
export function chooseTarget(config: Pick<SsoConfig, 'targetUrl' | 'allowedOrigins'>, returnTo: string | undefined) {
  if (returnTo === undefined || returnTo === '') return { target: config.targetUrl, returnToIgnored: false };
  const url = returnTo.includes('\\') ? undefined : parseHttpUrl(returnTo);
  if (url && config.allowedOrigins.includes(url.origin) && !url.pathname.startsWith('//')) {
    return { target: url.href, returnToIgnored: false };
  }
  return { target: config.targetUrl, returnToIgnored: true };
}

/** `state` is passed through as the client sent it, unless it is too long to be a state value. */
export function acceptableState(state: string | undefined): string | undefined {
  return state !== undefined && state !== '' && state.length <= MAX_STATE_LENGTH ? state : undefined;
}

/** How the browser carries the assertion to the target: a redirect, or a page that POSTs a form. */
export type Delivery =
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'form_post'; readonly action: string; readonly fields: Readonly<Record<string, string>> };

/** The assertion (and `state`) for `target`, in the configuration's delivery mode (contract §2). */
export function deliverAssertion(
  mode: AssertionDelivery | undefined,
  target: string,
  assertion: string,
  state: string | undefined,
): Delivery {
  const fields: Record<string, string> = { assertion, ...(state !== undefined ? { state } : {}) };
  if (mode === 'form_post') return { kind: 'form_post', action: target, fields };
  const url = new URL(target);
  if (mode === 'fragment') {
    url.hash = new URLSearchParams(fields).toString();
    return { kind: 'redirect', location: url.href };
  }
  for (const [name, value] of Object.entries(fields)) url.searchParams.set(name, value);
  return { kind: 'redirect', location: url.href };
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
