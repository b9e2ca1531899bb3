/**
 * The verdict of one SSO request, in the order of contract §3: 101, 102, 106, 103, 104, then single use.
 * Plain TypeScript over ports: no AWS import, the clock and id source passed in.
 */
import type { Refusal } from './catalog';
import { checkClientSecret } from './client-secret';
import { peekCid, verifyClientToken } from './client-token';
import { usedTokenExpiry } from './claims';
import { DependencyFailure, type DependencyReason } from './errors';
import { isCid, isClientId } from './identifiers';
import { ASSERTION_TTL_SECONDS, type ClientClaims, type SsoConfig, type SsoRequest } from './model';
import type { AssertionSigner, SsoSettings, SsoSettingsStore, UsedTokenStore } from './ports';
import { acceptableState, chooseTarget, successLocation } from './redirect';

export interface SignInDeps {
  readonly settings: SsoSettingsStore;
  readonly usedTokens: UsedTokenStore;
  readonly signer: AssertionSigner;
  /** The assertion's `iss`. */
  readonly issuer: string;
  /** A fresh unique id (assertion jti, write attempt id). */
  readonly newId: () => string;
}

export interface SignedIn {
  readonly kind: 'signed-in';
  readonly config: SsoConfig;
  readonly claims: ClientClaims;
  readonly location: string;
  readonly returnToIgnored: boolean;
  readonly stateIgnored: boolean;
}

export type Refused = Refusal & {
  readonly kind: 'refused';
  /** Set once the client proved its secret: then the configuration's own error URL may be used. */
  readonly authenticatedConfig?: SsoConfig;
  /** For the logs only: what is known of the client and the user when the request was refused. */
  readonly clientId?: string;
  readonly cid?: string;
  readonly email?: string;
  readonly cause?: unknown;
};

export type SignInOutcome = SignedIn | Refused;

type Admission = { kind: 'admitted'; config: SsoConfig } | { kind: 'needs-feature'; config: SsoConfig } | RefusedAt;
type RefusedAt = { kind: 'refused'; refusal: Refusal; config?: SsoConfig; cause?: unknown };

/** Steps 101, 102, 106 on what the store returned. */
function admitClient(request: SsoRequest, settings: SsoSettings, nowSeconds: number): Admission {
  const { config } = settings;
  if (!config) return { kind: 'refused', refusal: { code: '101', reason: 'config-not-found' } };
  const secretRefusal = checkClientSecret(request.clientSecret, config, nowSeconds);
  if (secretRefusal) return { kind: 'refused', refusal: secretRefusal, config };
  const feature = settings.ssoState.get(config.cid);
  if (feature === undefined) return { kind: 'needs-feature', config };
  if (feature === 'enabled') return { kind: 'admitted', config };
  const reason = feature === 'disabled' ? 'sso-disabled' : 'sso-setting-missing';
  return { kind: 'refused', refusal: { code: '106', reason }, config };
}

/**
 * Reads the configuration and, in the same round trip, the feature setting of the CID the token claims.
 * A second read happens only when that hint was wrong, or when a cached answer would refuse (a secret
 * rotated or SSO enabled moments ago must work at once).
 */
async function admit(clientId: string, request: SsoRequest, deps: SignInDeps, nowSeconds: number): Promise<Admission> {
  const hint = peekCid(request.token);
  let cids: string[] = isCid(hint) ? [hint] : [];
  let fresh = false;
  /** Set once a read showed the secret good: a later failure is then a 105 of an authenticated client. */
  let authenticated: SsoConfig | undefined;
  for (;;) {
    let settings: SsoSettings;
    try {
      settings = await deps.settings.read(clientId, cids, { fresh });
    } catch (cause) {
      if (!authenticated) throw cause;
      const refusal: Refusal = { code: '105', reason: dependencyReason(cause, 'internal-error') };
      return { kind: 'refused', refusal, config: authenticated, cause };
    }
    const admission = admitClient(request, settings, nowSeconds);
    if (admission.kind === 'needs-feature' && !cids.includes(admission.config.cid)) {
      authenticated = admission.config;
      cids = [admission.config.cid];
    } else if (admission.kind === 'refused' && settings.fromCache && !fresh) {
      fresh = true;
    } else if (admission.kind === 'needs-feature') {
      const cause = new DependencyFailure('settings-unavailable', 'the store did not return the feature setting');
      return { kind: 'refused', refusal: { code: '105', reason: cause.reason }, config: admission.config, cause };
    } else {
      return admission;
    }
  }
}

function dependencyReason(error: unknown, fallback: DependencyReason | 'internal-error') {
  return error instanceof DependencyFailure ? error.reason : fallback;
}

/**
 * Decides one SSO request and, on success, records the token as used and signs the assertion.
 * Never throws: every failure becomes a refusal with a code and a reason from the catalog.
 */
export async function signIn(request: SsoRequest, deps: SignInDeps, now: Date): Promise<SignInOutcome> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const { clientId } = request;
  if (clientId === undefined || clientId === '') return { kind: 'refused', code: '101', reason: 'client-id-missing' };
  if (!isClientId(clientId)) return { kind: 'refused', code: '101', reason: 'client-id-malformed' };

  let admission: Admission;
  try {
    admission = await admit(clientId, request, deps, nowSeconds);
  } catch (cause) {
    return { kind: 'refused', code: '105', reason: dependencyReason(cause, 'internal-error'), clientId, cause };
  }
  if (admission.kind !== 'admitted') {
    const { refusal, config, cause } = admission as RefusedAt;
    // 106 and a 105 after a good secret may go to the client's own error URL; 101 and 102 never do.
    const authenticatedConfig = refusal.code === '106' || refusal.code === '105' ? config : undefined;
    return { kind: 'refused', ...refusal, clientId, cid: config?.cid, authenticatedConfig, cause };
  }
  return completeSignIn(request, admission.config, deps, now, nowSeconds);
}

/** Steps 103, 104 and single use, for a client that proved its secret and has SSO enabled. */
async function completeSignIn(
  request: SsoRequest,
  config: SsoConfig,
  deps: SignInDeps,
  now: Date,
  nowSeconds: number,
): Promise<SignInOutcome> {
  const base = { kind: 'refused', clientId: config.clientId, cid: config.cid, authenticatedConfig: config } as const;
  let step: DependencyReason | 'internal-error' = 'internal-error';
  let claims: ClientClaims | undefined;
  try {
    const check = await verifyClientToken(request.token, config, now);
    if (!check.ok) return { ...base, ...check.refusal };
    claims = check.claims;

    const { target, returnToIgnored } = chooseTarget(config, request.returnTo);
    const state = acceptableState(request.state);
    // Sign before recording the jti: a signing failure must not consume the token.
    step = 'signing-unavailable';
    const assertion = await deps.signer.sign({
      iss: deps.issuer,
      aud: config.clientId,
      sub: claims.email,
      email: claims.email,
      cid: claims.cid,
      iat: nowSeconds,
      exp: nowSeconds + ASSERTION_TTL_SECONDS,
      jti: deps.newId(),
    });

    step = 'used-token-store-unavailable';
    const use = await deps.usedTokens.recordFirstUse({
      clientId: config.clientId,
      jti: claims.jti,
      expiresAt: usedTokenExpiry(claims, config),
      attemptId: deps.newId(),
    });
    if (use === 'already-used') return { ...base, code: '104', reason: 'token-already-used', email: claims.email };

    return {
      kind: 'signed-in',
      config,
      claims,
      location: successLocation(target, assertion, state),
      returnToIgnored,
      stateIgnored: request.state !== undefined && state === undefined,
    };
  } catch (cause) {
    return { ...base, code: '105', reason: dependencyReason(cause, step), email: claims?.email, cause };
  }
}
