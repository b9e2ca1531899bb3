/**
 * `smoke`: proves a running deployment end to end, as a client would. A throwaway configuration (its
 * own CID, SSO on) signs one user in through the real SSO URL; the assertion is verified against the
 * published JWKS; the same token again must give 104, a wrong secret 102, and the hosted error page
 * must answer with its security headers. Whatever happens, everything it created is removed (through
 * the audited admin store, so the audit trail says so).
 */
import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { ASSERTION_TTL_SECONDS } from '../../../lambdas/core/model';
import { ERROR_PAGE_SECURITY_HEADERS } from '../../../error-page/security-headers';
import type { AdminDeps } from '../admin-deps';
import { createConfig } from '../config-commands';
import { mintToken } from '../token-commands';

/** Where the deployment answers: the stack's outputs, or the local server's routes. */
export interface SmokeEndpoints {
  readonly ssoUrl: string;
  readonly jwksUrl: string;
  readonly errorPageUrl: string;
}

export interface SmokeDeps {
  readonly admin: AdminDeps;
  readonly endpoints: SmokeEndpoints;
  /** Every HTTP request gives up after this long: a service that does not answer fails its step. */
  readonly timeoutMs: number;
  readonly now: () => Date;
}

export type SmokeStepName = 'setup' | 'sign-in' | 'replay' | 'wrong-secret' | 'error-page' | 'clean-up';

export interface SmokeStep {
  readonly name: SmokeStepName;
  readonly outcome: 'passed' | 'failed' | 'skipped';
  /** When the step started (ISO 8601). */
  readonly at: string;
  readonly ms: number;
  readonly detail: string;
}

export interface SmokeResult {
  readonly passed: boolean;
  readonly cid: string;
  readonly clientId?: string;
  readonly steps: readonly SmokeStep[];
}

/** A step's check that did not hold: its message is the step's detail. */
class StepFailed extends Error {}

const SMOKE_EMAIL = 'smoke-test@example.com';
/** Never opened: the assertion is read from the redirect's Location. */
const SMOKE_TARGET = 'https://smoke-test.invalid/landing';

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new StepFailed(message);
}

interface SsoAnswer {
  readonly status: number;
  readonly location?: string;
}

/** What the throwaway client needs across the steps. */
interface SmokeClient {
  readonly clientId: string;
  readonly secret: string;
  readonly privateJwk: string;
  /** The token that signed in, once it did: replayed, then its used-token record removed. */
  used?: { readonly token: string; readonly jti: string };
}

class SmokeRun {
  readonly steps: SmokeStep[] = [];
  readonly cid = `smoke-${randomBytes(4).toString('hex')}`;
  client?: SmokeClient;
  private hostedErrorUrl?: string;

  constructor(
    private readonly deps: SmokeDeps,
    private readonly onStep: (step: SmokeStep) => void,
  ) {}

  private async request(url: string, init: RequestInit = {}): Promise<Response> {
    try {
      return await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(this.deps.timeoutMs) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const why =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${this.deps.timeoutMs} ms`
          : `${(error as Error).message}${cause ? ` (${cause})` : ''}`;
      throw new StepFailed(`${init.method ?? 'GET'} ${new URL(url).origin}${new URL(url).pathname}: ${why}`);
    }
  }

  private async postSso(fields: Record<string, string>): Promise<SsoAnswer> {
    const response = await this.request(this.deps.endpoints.ssoUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    await response.arrayBuffer();
    const location = response.headers.get('location') ?? undefined;
    return { status: response.status, ...(location !== undefined ? { location } : {}) };
  }

  private createdClient(): SmokeClient {
    check(this.client, 'no smoke client: the step that creates it did not run');
    return this.client;
  }

  private async token(): Promise<{ token: string; jti: string }> {
    const minted = await mintToken(
      { privateJwk: this.createdClient().privateJwk, cid: this.cid, email: SMOKE_EMAIL },
      this.deps.now(),
    );
    return { token: minted.token, jti: minted.claims.jti };
  }

  /** The error code of a refusal's Location, checking that it went to the hosted page. */
  private refusalCode(answer: SsoAnswer): string {
    check(answer.status === 302 && answer.location, `expected a 302 to the error page, got ${answer.status}`);
    const location = new URL(answer.location);
    const code = location.searchParams.get('code');
    check(code, `the redirect carries no code: ${location.origin}${location.pathname}`);
    return code;
  }

  async step(name: SmokeStepName, run: (() => Promise<string>) | undefined, skipWhy = ''): Promise<boolean> {
    const started = this.deps.now();
    const clock = performance.now();
    let outcome: SmokeStep['outcome'] = 'passed';
    let detail: string;
    if (!run) {
      outcome = 'skipped';
      detail = skipWhy;
    } else {
      try {
        detail = await run();
      } catch (error) {
        outcome = 'failed';
        detail = error instanceof StepFailed ? error.message : `${(error as Error).name}: ${(error as Error).message}`;
      }
    }
    const step = { name, outcome, at: started.toISOString(), ms: Math.round(performance.now() - clock), detail };
    this.steps.push(step);
    this.onStep(step);
    return outcome === 'passed';
  }

  async setup(): Promise<string> {
    const created = await createConfig(this.deps.admin, { cid: this.cid, targetUrl: SMOKE_TARGET });
    const privateJwk = created.signingKey?.privateJwk;
    check(privateJwk, 'the configuration was created without a generated key pair');
    this.client = { clientId: created.clientId, secret: created.clientSecret, privateJwk: JSON.stringify(privateJwk) };
    await this.deps.admin.configs.setSsoEnabled(this.cid, true);
    return `configuration ${created.clientId} for CID ${this.cid}, SSO enabled`;
  }

  async signIn(): Promise<string> {
    const client = this.createdClient();
    const { token, jti } = await this.token();
    const answer = await this.postSso({ client_id: client.clientId, client_secret: client.secret, token });
    check(answer.status === 302 && answer.location, `expected a 302 to the target, got ${answer.status}`);
    const location = new URL(answer.location);
    if (location.searchParams.has('code')) {
      throw new StepFailed(
        `refused with code ${location.searchParams.get('code')} (ref ${location.searchParams.get('ref')})`,
      );
    }
    check(location.href.startsWith(SMOKE_TARGET), `redirected to ${location.origin}, not to the target`);
    client.used = { token, jti };
    const assertion =
      location.searchParams.get('assertion') ?? new URLSearchParams(location.hash.slice(1)).get('assertion');
    check(assertion, 'the redirect to the target carries no assertion');
    const claims = await this.verifyAssertion(assertion, client.clientId);
    return `assertion verified against the JWKS: kid ${claims.kid}, aud ${client.clientId}, sub ${SMOKE_EMAIL}, iss ${claims.iss}`;
  }

  private async verifyAssertion(assertion: string, clientId: string): Promise<{ kid: string; iss: string }> {
    const response = await this.request(this.deps.endpoints.jwksUrl);
    check(response.status === 200, `the JWKS answered ${response.status}`);
    let jwks: unknown;
    try {
      jwks = await response.json();
    } catch {
      throw new StepFailed('the JWKS is not JSON');
    }
    let verified: { payload: JWTPayload; protectedHeader: { kid?: string } };
    try {
      verified = await jwtVerify(assertion, createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]), {
        algorithms: ['ES256'],
        audience: clientId,
        currentDate: this.deps.now(),
      });
    } catch (error) {
      throw new StepFailed(`the assertion does not verify against the JWKS: ${(error as Error).message}`);
    }
    const { payload, protectedHeader } = verified;
    check(payload.sub === SMOKE_EMAIL && payload.email === SMOKE_EMAIL, 'the assertion names another user');
    check(payload.cid === this.cid, `the assertion's cid is ${String(payload.cid)}, not ${this.cid}`);
    check(typeof payload.iss === 'string' && payload.iss.length > 0, 'the assertion has no iss');
    check(typeof payload.jti === 'string' && payload.jti.length > 0, 'the assertion has no jti');
    check(
      typeof payload.iat === 'number' &&
        typeof payload.exp === 'number' &&
        payload.exp - payload.iat <= ASSERTION_TTL_SECONDS,
      `the assertion lives longer than ${ASSERTION_TTL_SECONDS} s`,
    );
    check(protectedHeader.kid, 'the assertion header has no kid');
    return { kid: protectedHeader.kid, iss: payload.iss };
  }

  async replay(): Promise<string> {
    const client = this.createdClient();
    check(client.used, 'no token to replay: the sign-in step did not run');
    const { token } = client.used;
    const answer = await this.postSso({ client_id: client.clientId, client_secret: client.secret, token });
    const code = this.refusalCode(answer);
    check(code === '104', `the same token again got code ${code}, not 104`);
    return 'the same token again: 104';
  }

  async wrongSecret(): Promise<string> {
    const client = this.createdClient();
    const { token } = await this.token();
    const answer = await this.postSso({
      client_id: client.clientId,
      client_secret: randomBytes(32).toString('base64url'),
      token,
    });
    const code = this.refusalCode(answer);
    check(code === '102', `a wrong secret got code ${code}, not 102`);
    check(answer.location, 'the refusal carried no Location');
    const hosted = new URL(answer.location);
    const expected = new URL(this.deps.endpoints.errorPageUrl);
    check(hosted.origin === expected.origin, `a 102 went to ${hosted.origin}, not to the hosted error page`);
    this.hostedErrorUrl = hosted.href;
    return `a wrong secret: 102, to the hosted error page (ref ${hosted.searchParams.get('ref')})`;
  }

  async errorPage(): Promise<string> {
    const url = this.hostedErrorUrl ?? `${this.deps.endpoints.errorPageUrl}?code=102&ref=smoke`;
    let response = await this.request(url);
    // A directory URL may redirect once (e.g. /error to /error/) on the same origin.
    const next = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && next) {
      response = await this.request(new URL(next, url).href);
    }
    const body = await response.text();
    check(response.status === 200, `the error page answered ${response.status}`);
    check(/<html/i.test(body), 'the error page is not an HTML page');
    const wrong = Object.entries(ERROR_PAGE_SECURITY_HEADERS)
      .filter(([name, value]) => response.headers.get(name) !== value)
      .map(([name]) => name);
    check(wrong.length === 0, `security headers missing or different: ${wrong.join(', ')}`);
    return `200 with ${Object.keys(ERROR_PAGE_SECURITY_HEADERS).length} security headers`;
  }

  /** Removes the configuration, the feature setting and the used-token record; says what the audit trail holds. */
  async cleanUp(): Promise<string> {
    const { configs, audit } = this.deps.admin;
    const removed: string[] = [];
    const client = this.client;
    if (client) {
      const config = await configs.get(client.clientId);
      if (config) {
        await configs.delete(config);
        removed.push('configuration');
      }
    }
    if (await configs.removeSsoSetting(this.cid)) removed.push('feature setting');
    if (client?.used !== undefined) {
      const { jti } = client.used;
      const forgotten = await configs.forgetUsedToken({ clientId: client.clientId, cid: this.cid, jti });
      check(forgotten, `the used-token record of jti ${jti} was not found`);
      removed.push('used-token record');
    }
    const since = new Date(this.deps.now().getTime() - 3600_000);
    const records = (await audit.list({ since })).filter((record) => record.cid === this.cid);
    return `removed ${removed.join(', ') || 'nothing'}; audit trail: ${records
      .map((record) => record.action)
      .reverse()
      .join(', ')}`;
  }
}

/**
 * Runs every step, reporting each as it ends; the clean-up runs whatever happened before.
 *
 * @example
 * const result = await runSmoke(deps, (step) => console.log(step.name, step.outcome));
 * process.exitCode = result.passed ? 0 : 1;
 */
export async function runSmoke(deps: SmokeDeps, onStep: (step: SmokeStep) => void): Promise<SmokeResult> {
  const run = new SmokeRun(deps, onStep);
  try {
    const ready = await run.step('setup', () => run.setup());
    const skip = 'setup failed';
    const signedIn = await run.step('sign-in', ready ? () => run.signIn() : undefined, skip);
    await run.step('replay', signedIn ? () => run.replay() : undefined, ready ? 'no sign-in to replay' : skip);
    await run.step('wrong-secret', ready ? () => run.wrongSecret() : undefined, skip);
    await run.step('error-page', () => run.errorPage());
  } finally {
    await run.step('clean-up', () => run.cleanUp());
  }
  return {
    passed: run.steps.every((step) => step.outcome === 'passed'),
    cid: run.cid,
    ...(run.client ? { clientId: run.client.clientId } : {}),
    steps: run.steps,
  };
}
