/**
 * The verdict of one SSO request, in the order of contract §3: 101, 102, 106, 103, 104, then single use.
 * Plain TypeScript over ports: no AWS import, the clock and id source passed in. Adapters throw
 * {@link DependencyFailure} with the reason of their 105; anything else thrown is 'internal-error'.
 */
import type { Refusal } from './catalog';
import { checkClientSecret } from './client-secret';
import { peekCid, verifyClientToken } from './client-token';
import { usedTokenExpiry } from './claims';
import { DependencyFailure } from './errors';
import { isCid, isClientId } from './identifiers';
import { keysForToken, staleKeysFailure } from './jwks-uri-keys';
import {
  ASSERTION_TTL_SECONDS,
  type AssertionClaims,
  type ClientClaims,
  type SsoConfig,
  type SsoRequest,
} from './model';
import type {
  AssertionSigner,
  ClientKeySource,
  SsoSettings,
  SsoSettingsStore,
  TokenUse,
  UsedTokenStore,
} from './ports';
import { acceptableState, chooseTarget, deliverAssertion, type Delivery } from './redirect';

export interface SignInDeps {
  readonly settings: SsoSettingsStore;
  readonly usedTokens: UsedTokenStore;
  readonly signer: AssertionSigner;
  /** The assertion's `iss`. */
  readonly issuer: string;
  /** A fresh unique id (assertion jti, write attempt id). */
  readonly newId: () => string;
  /** The keys of clients with a JWKS URI. Without it, a token that needs them gets 105 'jwks-uri-unavailable'. */
  readonly clientKeys?: ClientKeySource;
}

export interface SignedIn {
  readonly kind: 'signed-in';
  readonly config: SsoConfig;
  readonly claims: ClientClaims;
  /** How the assertion goes to the target: a redirect (query or fragment) or a form POST page. */
  readonly delivery: Delivery;
  readonly returnToIgnored: boolean;
  readonly stateIgnored: boolean;
}

export type Refused = Refusal & {
  readonly kind: 'refused';
  /**
   * Set once the client proved its secret. The catalog's `destination` of the code then decides whether
   * the configuration's own error URL (and `client` on the page) is used.
   */
  readonly authenticatedConfig?: SsoConfig;
  /** For the logs only: what is known of the client and the user when the request was refused. */
  readonly clientId?: string;
  readonly cid?: string;
  readonly email?: string;
  readonly cause?: unknown;
};

export type SignInOutcome = SignedIn | Refused;

/** What steps 101, 102 and 106 decided on one read of the settings. */
type Admission =
  | { readonly kind: 'admitted'; readonly config: SsoConfig }
  | { readonly kind: 'needs-feature'; readonly config: SsoConfig }
  | {
      readonly kind: 'refused';
      readonly refusal: Refusal;
      /** The configuration, once the client proved its secret. */
      readonly authenticated?: SsoConfig;
      /** For the logs: the CID of a configuration that was found, authenticated or not. */
      readonly cid?: string;
      readonly cause?: unknown;
    };

/** Steps 101, 102, 106 on what the store returned. */
function admitClient(request: SsoRequest, settings: SsoSettings, nowSeconds: number): Admission {
  const { config } = settings;
  if (!config) return { kind: 'refused', refusal: { code: '101', reason: 'config-not-found' } };
  const secretRefusal = checkClientSecret(request.clientSecret, config, nowSeconds);
  if (secretRefusal) return { kind: 'refused', refusal: secretRefusal, cid: config.cid };
  const feature = settings.ssoState.get(config.cid);
  if (feature === undefined) return { kind: 'needs-feature', config };
  if (feature === 'enabled') return { kind: 'admitted', config };
  const reason = feature === 'disabled' ? 'sso-disabled' : 'sso-setting-missing';
  return { kind: 'refused', refusal: { code: '106', reason }, authenticated: config };
}

/** What {@link admit} decides: a missing feature setting has become a 105 by then. */
type Admitted = Exclude<Admission, { readonly kind: 'needs-feature' }>;

const internalReason = (cause: unknown) => (cause instanceof DependencyFailure ? cause.reason : 'internal-error');

/** One read of the settings and the verdict on it; a failed read is a 105 (of an authenticated client, if known). */
async function readAndAdmit(
  read: { clientId: string; cids: readonly string[]; fresh: boolean },
  request: SsoRequest,
  deps: SignInDeps,
  nowSeconds: number,
  authenticated: SsoConfig | undefined,
): Promise<{ admission: Admission; fromCache: boolean }> {
  try {
    const settings = await deps.settings.read(read.clientId, read.cids, { fresh: read.fresh });
    return { admission: admitClient(request, settings, nowSeconds), fromCache: settings.fromCache };
  } catch (cause) {
    const refusal: Refusal = { code: '105', reason: internalReason(cause) };
    return { admission: { kind: 'refused', refusal, authenticated, cause }, fromCache: false };
  }
}

/**
 * Reads the configuration and, in the same round trip, the feature setting of the CID the token claims.
 * At most two more reads, in this order: the right CID's setting when the hint was wrong, and a fresh
 * read when a cached answer would refuse (a secret rotated or SSO enabled moments ago must work at once).
 */
async function admit(clientId: string, request: SsoRequest, deps: SignInDeps, nowSeconds: number): Promise<Admitted> {
  const hint = peekCid(request.token);
  const hinted = isCid(hint) ? [hint] : [];
  const first = await readAndAdmit({ clientId, cids: hinted, fresh: false }, request, deps, nowSeconds, undefined);

  const needsOtherCid = first.admission.kind === 'needs-feature' ? first.admission.config : undefined;
  const second = needsOtherCid
    ? await readAndAdmit(
        { clientId, cids: [needsOtherCid.cid], fresh: false },
        request,
        deps,
        nowSeconds,
        needsOtherCid,
      )
    : first;

  const cachedRefusal =
    second.admission.kind === 'refused' && second.admission.refusal.code !== '105' && second.fromCache;
  const cids = needsOtherCid ? [needsOtherCid.cid] : hinted;
  const final = cachedRefusal
    ? await readAndAdmit({ clientId, cids, fresh: true }, request, deps, nowSeconds, needsOtherCid)
    : second;

  if (final.admission.kind !== 'needs-feature') return final.admission;
  // The store answered without the setting it was asked for: the fault is ours, after a good secret.
  const cause = new DependencyFailure('settings-unavailable', 'the store did not return the feature setting');
  return {
    kind: 'refused',
    refusal: { code: '105', reason: cause.reason },
    authenticated: final.admission.config,
    cause,
  };
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

  let admission: Admitted;
  try {
    admission = await admit(clientId, request, deps, nowSeconds);
  } catch (cause) {
    return { kind: 'refused', code: '105', reason: internalReason(cause), clientId, cause };
  }
  if (admission.kind === 'admitted') return completeSignIn(request, admission.config, deps, now, nowSeconds);
  const { refusal, authenticated, cause } = admission;
  const cid = authenticated?.cid ?? admission.cid;
  return {
    kind: 'refused',
    ...refusal,
    clientId,
    ...(cid !== undefined ? { cid } : {}),
    ...(authenticated ? { authenticatedConfig: authenticated } : {}),
    ...(cause !== undefined ? { cause } : {}),
  };
}

/**
 * Steps 103, 104 and single use, for a client that proved its secret and has SSO enabled. The jti is
 * recorded before signing, so a replay of a used token costs no signing call (no KMS call in `kms`
 * mode); when signing then fails, the record is released (only if it is still this attempt's), so the
 * failure does not consume the token.
 */
async function completeSignIn(
  request: SsoRequest,
  config: SsoConfig,
  deps: SignInDeps,
  now: Date,
  nowSeconds: number,
): Promise<SignInOutcome> {
  const base = { kind: 'refused', clientId: config.clientId, cid: config.cid, authenticatedConfig: config } as const;
  let claims: ClientClaims | undefined;
  try {
    const keys = await keysForToken(request.token, config, deps.clientKeys, now);
    const check = await verifyClientToken(request.token, keys.config, now);
    if (!check.ok) {
      const stale = staleKeysFailure(check.refusal, keys, request.token);
      if (stale) throw stale;
      return { ...base, ...check.refusal };
    }
    claims = check.claims;

    const use: TokenUse = {
      cid: claims.cid,
      jti: claims.jti,
      expiresAt: usedTokenExpiry(claims, config),
      attemptId: deps.newId(),
    };
    if ((await deps.usedTokens.recordFirstUse(use)) === 'already-used') {
      return { ...base, code: '104', reason: 'token-already-used', email: claims.email };
    }
    const assertion = await signOrRelease(use, assertionClaims(deps, config, claims, nowSeconds), deps);

    const { target, returnToIgnored } = chooseTarget(config, request.returnTo);
    const state = acceptableState(request.state);
    return {
      kind: 'signed-in',
      config,
      claims,
      delivery: deliverAssertion(config.assertionDelivery, target, assertion, state),
      returnToIgnored,
      stateIgnored: request.state !== undefined && state === undefined,
    };
  } catch (cause) {
    return { ...base, code: '105', reason: internalReason(cause), email: claims?.email, cause };
  }
}

/** The assertion: the passed claims first, so that no name of the fixed claims could ever be overridden. */
function assertionClaims(
  deps: SignInDeps,
  config: SsoConfig,
  claims: ClientClaims,
  nowSeconds: number,
): AssertionClaims {
  return {
    ...claims.passed,
    iss: deps.issuer,
    aud: config.clientId,
    sub: claims.email,
    email: claims.email,
    cid: claims.cid,
    iat: nowSeconds,
    exp: nowSeconds + ASSERTION_TTL_SECONDS,
    jti: deps.newId(),
  };
}

/** Signs; on failure undoes the jti record, then rethrows the signing failure (a 105 whose token is not used). */
async function signOrRelease(use: TokenUse, claims: AssertionClaims, deps: SignInDeps): Promise<string> {
  try {
    return await deps.signer.sign(claims);
  } catch (signingFailure) {
    try {
      await deps.usedTokens.release(use);
    } catch (releaseFailure) {
      throw new DependencyFailure('signing-unavailable', 'signing failed, and the token record could not be released', {
        cause: new AggregateError([signingFailure, releaseFailure]),
      });
    }
    throw signingFailure;
  }
}
