/**
 * The thin handler: route, parse the event, ask the core, answer with a 302 (or the JWKS).
 * Built by {@link createHandler} from its dependencies, so tests pass their own.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DESTINATIONS } from '../core/code-routing';
import { isClientId, maskEmail } from '../core/identifiers';
import { PROFILE_MAX_AGE_SECONDS, PROFILE_PATH_PREFIX, publicProfileDocument } from '../core/public-profile';
import { errorLocation } from '../core/redirect';
import { signIn, type SignInDeps, type SignInOutcome } from '../core/sign-in';
import { JWKS_MAX_AGE_SECONDS } from '../core/signing-keys';
import type { PublicKeySource } from '../core/ports';
import type { EdgeGuard } from './edge-guard';
import { formPostAnswer } from './form-post-page';
import { runHealthChecks, type HealthCheck } from './health';
import { recordOutcomeMetric, withObservability, type Observability } from './observability';
import { parseSsoRequest } from './request';

export interface HandlerDeps {
  readonly signIn: SignInDeps;
  readonly publicKeys: PublicKeySource;
  /** What `GET /health` runs: the used-token table's consistent read and the signing key. */
  readonly healthChecks: readonly HealthCheck[];
  /** The hosted error page (CloudFront, or the local server's). */
  readonly errorPageUrl: string;
  readonly clock: () => Date;
  readonly observability: Observability;
  /** Behind the edge: admits only requests that came through CloudFront. Absent (off) under `npm start`. */
  readonly edgeGuard?: EdgeGuard;
}

export const SSO_PATH = '/sso';
export const JWKS_PATH = '/.well-known/jwks.json';
export const HEALTH_PATH = '/health';

/** On every answer of the function: no MIME sniffing of anything it sends. */
const NOSNIFF = { 'X-Content-Type-Options': 'nosniff' } as const;
const SSO_HEADERS = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', ...NOSNIFF } as const;

function redirect(location: string): APIGatewayProxyStructuredResultV2 {
  return { statusCode: 302, headers: { ...SSO_HEADERS, Location: location } };
}

/** The ref shown on the error page: API Gateway's request id, which the logs carry too. */
function requestRef(event: APIGatewayProxyEventV2, context: Context): string {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- untrusted event: its type promises more than a caller guarantees
  return event.requestContext?.requestId || context.awsRequestId;
}

const IP_FORM = /^[0-9A-Fa-f:.]{2,45}$/;

/**
 * The address the request came from: the refusal log lines carry it, so that Contributor Insights can
 * rank the sources of 101 and 102 (probing and guessing). Through the edge (the guard admitted it),
 * API Gateway sees a CloudFront address; the viewer's is in `CloudFront-Viewer-Address` (`ip:port`),
 * which CloudFront sets itself. Without the edge, it is the peer API Gateway saw.
 */
function sourceIpOf(event: APIGatewayProxyEventV2, throughEdge: boolean): string | undefined {
  /* eslint-disable @typescript-eslint/no-unnecessary-condition -- untrusted event: its type promises more than a caller guarantees */
  const viewer = throughEdge ? event.headers?.['cloudfront-viewer-address'] : undefined;
  const ip =
    viewer !== undefined ? viewer.slice(0, Math.max(0, viewer.lastIndexOf(':'))) : event.requestContext?.http?.sourceIp;
  /* eslint-enable @typescript-eslint/no-unnecessary-condition */
  return typeof ip === 'string' && IP_FORM.test(ip) ? ip : undefined;
}

function logOutcome(deps: HandlerDeps, outcome: SignInOutcome, ref: string, sourceIp: string | undefined): void {
  const { logger } = deps.observability;
  if (outcome.kind === 'signed-in') {
    logger.info('sso sign-in', {
      outcome: 'signed-in',
      ref,
      clientId: outcome.config.clientId,
      cid: outcome.config.cid,
      email: maskEmail(outcome.claims.email),
      ...(outcome.returnToIgnored ? { returnToIgnored: true } : {}),
      ...(outcome.stateIgnored ? { stateIgnored: true } : {}),
    });
    return;
  }
  const fields = {
    outcome: 'refused',
    ref,
    code: outcome.code,
    reason: outcome.reason,
    ...(outcome.clientId ? { clientId: outcome.clientId } : {}),
    ...(outcome.cid ? { cid: outcome.cid } : {}),
    ...(outcome.email ? { email: maskEmail(outcome.email) } : {}),
    ...(sourceIp !== undefined ? { sourceIp } : {}),
    // Public, and what support needs first when the client's keys could not be fetched.
    ...(outcome.reason === 'jwks-uri-unavailable' ? { jwksUri: outcome.authenticatedConfig?.jwksUri } : {}),
  };
  if (outcome.code === '105') {
    const cause = outcome.cause instanceof Error ? outcome.cause : undefined;
    const root = cause?.cause instanceof Error ? cause.cause : cause;
    logger.error('sso refused', { ...fields, error: root ? { name: root.name, message: root.message } : undefined });
  } else {
    logger.info('sso refused', fields);
  }
}

async function handleSso(deps: HandlerDeps, event: APIGatewayProxyEventV2, context: Context) {
  const ref = requestRef(event, context);
  // The edge check comes before anything else: a request off the edge is not even parsed.
  const edge = deps.edgeGuard ? await deps.edgeGuard.check(event) : undefined;
  const outcome =
    edge && !edge.admitted ? edge.refused : await signIn(parseSsoRequest(event), deps.signIn, deps.clock());
  logOutcome(deps, outcome, ref, sourceIpOf(event, edge?.admitted === true));
  if (outcome.kind === 'signed-in') {
    recordOutcomeMetric(deps.observability.metrics, undefined);
    const { delivery } = outcome;
    if (delivery.kind === 'redirect') return redirect(delivery.location);
    return formPostAnswer(delivery.action, delivery.fields, SSO_HEADERS);
  }
  recordOutcomeMetric(deps.observability.metrics, outcome.code);
  // The catalog says which codes may use the client's own error URL (and `client` on the page); the core
  // sets authenticatedConfig only once the client proved its secret.
  const clientsOwn = DESTINATIONS[outcome.code] === 'client-when-configured';
  const authenticated = clientsOwn ? outcome.authenticatedConfig : undefined;
  const errorPage = authenticated?.errorUrl ?? deps.errorPageUrl;
  return redirect(errorLocation(errorPage, outcome.code, ref, authenticated?.clientId));
}

/**
 * Behind the edge, the JWKS and the profiles are served only through it too (403, nothing cached):
 * nothing answers on the API's own URL. Undefined when the request may go on.
 */
async function offEdge(
  deps: HandlerDeps,
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2 | undefined> {
  const edge = deps.edgeGuard ? await deps.edgeGuard.check(event) : undefined;
  if (!edge || edge.admitted) return undefined;
  deps.observability.logger.warn('request refused off the edge', { path: event.rawPath, reason: edge.refused.reason });
  return { statusCode: 403, headers: { 'Cache-Control': 'no-store', ...NOSNIFF }, body: '' };
}

async function handleJwks(deps: HandlerDeps): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    const jwks = await deps.publicKeys.jwks();
    return {
      statusCode: 200,
      headers: {
        'Content-Type': 'application/json',
        'Cache-Control': `public, max-age=${JWKS_MAX_AGE_SECONDS}`,
        ...NOSNIFF,
      },
      body: JSON.stringify(jwks),
    };
  } catch (error) {
    deps.observability.logger.error('jwks unavailable', { error: (error as Error).message });
    return { statusCode: 503, headers: { 'Cache-Control': 'no-store', 'Retry-After': '5', ...NOSNIFF }, body: '' };
  }
}

const PROFILE_HEADERS = {
  'Cache-Control': `public, max-age=${PROFILE_MAX_AGE_SECONDS}`,
  'Content-Type': 'application/json; charset=utf-8',
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

/**
 * The public profile of one client, or 404 (cached as long) for an unknown client or one without a
 * profile, so the answer does not tell a configuration without a profile from no configuration at all.
 */
async function handleProfile(deps: HandlerDeps, clientId: string): Promise<APIGatewayProxyStructuredResultV2> {
  const notFound = { statusCode: 404, headers: PROFILE_HEADERS, body: '{}' };
  if (!isClientId(clientId)) return notFound;
  try {
    const { config } = await deps.signIn.settings.read(clientId, []);
    const document = config ? publicProfileDocument(config) : undefined;
    return document ? { statusCode: 200, headers: PROFILE_HEADERS, body: JSON.stringify(document) } : notFound;
  } catch (error) {
    deps.observability.logger.error('profile unavailable', { clientId, error: (error as Error).message });
    return { statusCode: 503, headers: { ...PROFILE_HEADERS, 'Cache-Control': 'no-store' }, body: '{}' };
  }
}

/**
 * 200 when every check passed, else 503; the body names the failed checks and nothing of their errors
 * (the route is public), while the log carries the errors. Never cached: Route 53 asks every few seconds.
 */
async function handleHealth(deps: HandlerDeps): Promise<APIGatewayProxyStructuredResultV2> {
  const report = await runHealthChecks(deps.healthChecks);
  const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
  if (report.healthy) return { statusCode: 200, headers, body: JSON.stringify({ status: 'ok' }) };
  deps.observability.logger.error('health check failed', {
    failed: report.failures.map(({ name, error }) => ({
      name,
      error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
    })),
  });
  const failed = report.failures.map(({ name }) => name);
  return { statusCode: 503, headers, body: JSON.stringify({ status: 'unavailable', failed }) };
}

/** Builds the Lambda handler for the SSO, JWKS, profile and health routes. */
export function createHandler(deps: HandlerDeps) {
  const route = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- untrusted event: its type promises more than a caller guarantees
    const path = event.rawPath ?? event.requestContext?.http?.path;
    if (path === JWKS_PATH) return (await offEdge(deps, event)) ?? handleJwks(deps);
    // Route 53 asks each region's own endpoint, not through the edge: /health is not guarded.
    if (path === HEALTH_PATH) return handleHealth(deps);
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- see path above
    if (path?.startsWith(PROFILE_PATH_PREFIX)) {
      return (await offEdge(deps, event)) ?? handleProfile(deps, path.slice(PROFILE_PATH_PREFIX.length));
    }
    if (path === SSO_PATH) {
      try {
        return await handleSso(deps, event, context);
      } catch (error) {
        // signIn never throws; this is a last line (a failing logger or metrics call, a bug) so that nothing
        // becomes a 5xx, and the ref still leads support to a log line with its code and reason.
        const ref = requestRef(event, context);
        const name = error instanceof Error ? error.name : typeof error;
        deps.observability.logger.error('sso refused', {
          outcome: 'refused',
          ref,
          code: '105',
          reason: 'internal-error',
          error: { name },
        });
        try {
          recordOutcomeMetric(deps.observability.metrics, '105');
        } catch {
          // The metric may be what failed; the answer must still be a 302.
        }
        return redirect(errorLocation(deps.errorPageUrl, '105', ref));
      }
    }
    return { statusCode: 404, headers: { 'Cache-Control': 'no-store', ...NOSNIFF }, body: '' };
  };
  return withObservability(route, deps.observability);
}
