/**
 * The demo target application: what a client's application (e.g. Infotrac) does with Infoauth.
 *
 * - the assertion arrives in each delivery of a configuration: `GET <base>?assertion=…&state=…` (`query`),
 *   `<base>#assertion=…&state=…` (`fragment`: the page's one script posts the fragment back as a form) and
 *   `POST <base>` with a form body (`form_post`, and the fragment's relay). The app verifies it with jose
 *   against Infoauth's JWKS (issuer, ES256, expiry, and an audience that is one of the app's client ids),
 *   accepts each `jti` once (until the assertion expires), and shows who signed in, with the optional
 *   claims the configuration passed through from the client's token (name, groups, …). An assertion that does
 *   not verify, or comes a second time, is the target application's side of code 105: the app shows 105
 *   with its own ref for the request and logs the ref with why (never the assertion), as
 *   docs/integration.md asks of every target application;
 * - `GET <base>error?code=…&ref=…[&client=…]` is the client's own error view: it shows the code, the
 *   reference and the time, as the hosted error page does;
 * - `GET <base>` plays the client's portal: a button that signs a fresh token for a user and posts it,
 *   with the client id and secret, to the SSO endpoint.
 */
import { randomBytes } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { CATALOG, GENERIC_ERROR, isErrorCode } from '../../lambdas/core/catalog';
import { isClientId, isEmail } from '../../lambdas/core/identifiers';
import { isIssuedRef, refTime } from '../../lambdas/core/issued-ref';
import { PASSED_CLAIM_NAMES } from '../../lambdas/core/model';
import { mintToken } from '../admin/token-commands';
import { DEMO_PAGE_HEADERS, details, escapeHtml, FRAGMENT_RELAY, page, ssoForm } from './demo-pages';

export interface DemoClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly cid: string;
  /** The private JWK text, as the client's authorization service holds it. */
  readonly privateJwk: string;
}

export interface DemoAppOptions {
  /** Where the app is served, with a trailing slash, e.g. `http://127.0.0.1:3000/demo/`. */
  readonly baseUrl: string;
  /** The assertion's expected `iss`. */
  readonly issuer: string;
  readonly jwksUrl: string;
  readonly ssoUrl: string;
  readonly client: DemoClient;
  /**
   * Whether an assertion's audience is a client id of this app: the demo client's, and those of other
   * configurations made with the admin CLI that target the demo app (as one app may serve many clients).
   */
  readonly isOwnClientId?: (clientId: string) => Promise<boolean>;
  readonly now?: () => Date;
  /** Where the app logs a rejected assertion; default: one JSON line on stdout. */
  readonly log?: (line: RejectedAssertionLog) => void;
  /** The app's own id for a request, shown as its ref; default: random, in API Gateway's form. */
  readonly newRef?: () => string;
}

/** The log line of an assertion the app refused: enough for support to match the ref the user reports. */
export interface RejectedAssertionLog {
  readonly level: 'WARN';
  readonly message: 'assertion rejected';
  readonly time: string;
  readonly ref: string;
  readonly code: '105';
  readonly reason: 'assertion-rejected';
  /** Why it did not verify: jose's error code (e.g. ERR_JWT_EXPIRED) or `aud-not-this-app`. */
  readonly why: string;
}

/** One request to the demo app. */
export interface DemoRequest {
  readonly method: string;
  readonly url: URL;
  /** The fields of a POST whose body is `application/x-www-form-urlencoded`; absent otherwise. */
  readonly form?: URLSearchParams;
}

export type DemoApp = (request: DemoRequest) => Promise<DemoResponse>;

export interface DemoResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export const DEMO_USER_EMAIL = 'jane.doe@example.com';

/** A random id of the form of an API Gateway request id (11 random bytes, base64: 16 characters). */
export function newDemoRef(): string {
  return randomBytes(11).toString('base64');
}

const respond = (statusCode: number, title: string, body: string): DemoResponse => ({
  statusCode,
  headers: DEMO_PAGE_HEADERS,
  body: page(title, body),
});

/**
 * The `jti`s of the assertions already accepted, each until its assertion expires: an assertion is a
 * bearer credential for its 60 s, so a second use (a replay from history, a log, a proxy) is refused.
 */
function usedAssertionIds(): (jti: string, exp: number, nowSeconds: number) => boolean {
  const used = new Map<string, number>();
  return (jti, exp, nowSeconds) => {
    for (const [id, expiry] of used) if (expiry < nowSeconds) used.delete(id);
    if (used.has(jti)) return false;
    used.set(jti, exp);
    return true;
  };
}

/** Builds the demo app; the result answers one GET, HEAD or POST request for a URL under `baseUrl`. */
export function createDemoApp(options: DemoAppOptions): DemoApp {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl));
  const now = options.now ?? (() => new Date());
  const base = new URL(options.baseUrl);
  const firstUse = usedAssertionIds();

  const isOwnClientId = async (clientId: string) =>
    clientId === options.client.clientId || ((await options.isOwnClientId?.(clientId)) ?? false);
  const log = options.log ?? ((line: RejectedAssertionLog) => console.log(JSON.stringify(line)));
  const newRef = options.newRef ?? newDemoRef;

  /** Code 105 as the target application's own error view: the catalog's text, the code and a ref. */
  const rejected = (why: string): DemoResponse => {
    const ref = newRef();
    log({
      level: 'WARN',
      message: 'assertion rejected',
      time: now().toISOString(),
      ref,
      code: '105',
      reason: 'assertion-rejected',
      why,
    });
    const entry = CATALOG['105'];
    return respond(
      401,
      entry.title,
      `<h1 class="bad">${escapeHtml(entry.title)}</h1><p>${escapeHtml(entry.userText)}</p>` +
        `<p>${escapeHtml(entry.userAction)}</p>` +
        details([
          ['error code', '105'],
          ['reference', ref],
          ['time', refTime(now())],
        ]),
    );
  };

  /** The optional claims the configuration passed through from the client's token, if any. */
  function passedClaimsSection(payload: JWTPayload): string {
    const shown = PASSED_CLAIM_NAMES.flatMap((name): [string, string][] => {
      const value = payload[name];
      if (typeof value === 'string') return [[name, value]];
      if (Array.isArray(value)) return [[name, value.filter((entry) => typeof entry === 'string').join(', ')]];
      return [];
    });
    const heading = '<h2>Claims passed through</h2>';
    if (shown.length === 0) return `${heading}<p>None (the configuration passes no claims, or the token had none).</p>`;
    return heading + details(shown);
  }

  async function signedIn(assertion: string, state: string | null): Promise<DemoResponse> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(assertion, jwks, {
        issuer: options.issuer,
        algorithms: ['ES256'],
        requiredClaims: ['sub', 'email', 'cid', 'iat', 'exp', 'jti'],
        currentDate: now(),
      }));
    } catch (error) {
      const why =
        error instanceof joseErrors.JWTClaimValidationFailed
          ? `${error.code}: ${error.claim}`
          : error instanceof joseErrors.JOSEError
            ? error.code
            : 'not-a-jwt';
      return rejected(why);
    }
    const audience = payload.aud;
    if (typeof audience !== 'string' || !(await isOwnClientId(audience))) {
      return rejected('aud-not-this-app');
    }
    // jose checked that jti is present and exp a number; the clock-tolerance-free exp bounds the memory.
    if (typeof payload.jti !== 'string' || !firstUse(payload.jti, payload.exp ?? 0, now().getTime() / 1000)) {
      return rejected('jti-already-used');
    }
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    const time = (value: unknown) => (typeof value === 'number' ? new Date(value * 1000).toISOString() : undefined);
    return respond(
      200,
      'Signed in',
      `<h1 class="ok">Signed in as ${escapeHtml(text(payload.email) ?? '?')}</h1>` +
        '<p>The assertion was verified against the Infoauth JWKS.</p>' +
        details([
          ['email', text(payload.email)],
          ['cid', text(payload.cid)],
          ['issuer', text(payload.iss)],
          ['audience (client id)', text(payload.aud)],
          ['assertion id (jti)', text(payload.jti)],
          ['expires', time(payload.exp)],
          ['state', state ?? undefined],
        ]) +
        passedClaimsSection(payload),
    );
  }

  /**
   * The client's own error view (its error URL): the same code, ref and time as the hosted page shows,
   * and, like it, only a known code and a ref in a form Infoauth issues (docs/integration.md).
   */
  function errorView(params: URLSearchParams): DemoResponse {
    const code = params.get('code');
    const ref = params.get('ref');
    const client = params.get('client');
    const known = code !== null && isErrorCode(code) ? code : undefined;
    const title = known ? CATALOG[known].title : GENERIC_ERROR.title;
    return respond(
      200,
      'Sign-in failed',
      `<h1 class="bad">${escapeHtml(title)}</h1>` +
        `<p>${escapeHtml(known ? CATALOG[known].userText : GENERIC_ERROR.userText)}</p>` +
        "<p>Infoauth sent the user back to this application's own error view.</p>" +
        details([
          ['error code', known],
          ['reference', ref !== null && isIssuedRef(ref) ? ref : undefined],
          ['time', refTime(now())],
          ['client id', client !== null && isClientId(client) ? client : undefined],
        ]),
    );
  }

  async function portal(email: string): Promise<DemoResponse> {
    const { token } = await mintToken({ privateJwk: options.client.privateJwk, cid: options.client.cid, email }, now());
    const fields = { client_id: options.client.clientId, client_secret: options.client.clientSecret, token };
    return respond(
      200,
      'Sign in',
      '<h1>Demo target app</h1>' +
        `<p>This page plays the portal of the client <strong>${escapeHtml(options.client.cid)}</strong>: it has just ` +
        'signed a token for the user and posts it to Infoauth, which sends the browser back here.</p>' +
        ssoForm(options.ssoUrl, fields, `Sign in as ${email} with Infoauth`) +
        `<form method="get" action="${escapeHtml(base.pathname)}"><p><label>Another user: ` +
        `<input name="as" type="email" value="${escapeHtml(email)}"></label> <button>Prepare</button></p></form>` +
        `<script>${FRAGMENT_RELAY}</script>`,
    );
  }

  return async ({ method, url, form }) => {
    const path = url.pathname.slice(base.pathname.length);
    if (method === 'POST') {
      const posted = path === '' ? form?.get('assertion') : undefined;
      if (posted === undefined || posted === null) {
        return respond(400, 'Bad request', '<h1>Bad request</h1><p>Expected a form POST of an assertion.</p>');
      }
      return signedIn(posted, form?.get('state') ?? null);
    }
    if (path === 'error') return errorView(url.searchParams);
    if (path !== '') return respond(404, 'Not found', '<h1>Not found</h1>');
    const assertion = url.searchParams.get('assertion');
    if (assertion !== null) return signedIn(assertion, url.searchParams.get('state'));
    const as = url.searchParams.get('as');
    return portal(as !== null && isEmail(as) ? as : DEMO_USER_EMAIL);
  };
}
