/**
 * The one error catalog: every error reference code, its end-user text, its metric, and the closed list
 * of reasons behind it. The error page, the dashboard, the admin CLI and docs/error-codes.md read this
 * module, so a new code or reason is one edit here; the SSO function reads only its run-time part
 * (code-routing.ts: destinations and metric names), not the texts.
 */
import { DESTINATIONS, type Destination } from './code-routing';
import {
  MAX_EMAIL_LENGTH,
  MAX_JTI_LENGTH,
  MAX_PASSED_CLAIM_LENGTH,
  MAX_PASSED_GROUPS,
  MAX_TOKEN_LENGTH,
} from './model';

export const ERROR_CODES = ['101', '102', '103', '104', '105', '106'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export { METRICS } from './code-routing';

export interface ReasonEntry {
  /** What went wrong, for support and operators. */
  readonly meaning: string;
  /** Who acts, and how. */
  readonly action: string;
}

export interface CodeEntry {
  readonly code: ErrorCode;
  /** Short title shown on the error page. */
  readonly title: string;
  /** What happened, written for the person who hit it. */
  readonly userText: string;
  /** What the person can do next. */
  readonly userAction: string;
  /** When the service answers with this code, for integrators and support. */
  readonly when: string;
  /** Where the browser goes: always the hosted page, or the client's error URL once authenticated. */
  readonly destination: Destination;
  readonly reasons: Readonly<Record<string, ReasonEntry>>;
}

const TRY_AGAIN = 'Go back to your company portal and sign in again.';
const CONTACT = 'If it happens again, contact your support desk and give them the reference below.';

const claimReasons = <N extends string>(claim: N, type: string) =>
  ({
    [`${claim}-missing`]: {
      meaning: `The token has no \`${claim}\` claim.`,
      action: `Client: always include \`${claim}\` (${type}) in the token.`,
    },
    [`${claim}-invalid`]: {
      meaning: `The token's \`${claim}\` claim is not ${type}.`,
      action: `Client: send \`${claim}\` as ${type}.`,
    },
  }) as Record<`${N}-missing` | `${N}-invalid`, ReasonEntry>;

/** The reason of a malformed claim that the configuration passes through to the assertion. */
const passedClaimReason = <R extends string>(reason: R, claim: string, form: string) =>
  ({
    [reason]: {
      meaning: `The token's \`${claim}\` claim, which this configuration passes through, is not ${form}.`,
      action: `Client: send \`${claim}\` as ${form}, or leave it out.`,
    },
  }) as Record<R, ReasonEntry>;
const PASSED_STRING = `a string of at most ${MAX_PASSED_CLAIM_LENGTH} characters without control characters`;

export const CATALOG = {
  '101': {
    code: '101',
    title: 'Sign-in link not recognised',
    userText: 'The sign-in link you followed does not belong to a known single sign-on setup.',
    userAction: `${TRY_AGAIN} ${CONTACT}`,
    when: '`client_id` is missing, malformed, or no SSO configuration has it.',
    destination: DESTINATIONS['101'],
    reasons: {
      'client-id-missing': {
        meaning: 'The request carried no `client_id`.',
        action: 'Client: send `client_id` with every SSO request.',
      },
      'client-id-malformed': {
        meaning: 'The `client_id` is not of the form Infoauth issues (letters, digits, `-` and `_`, at most 64).',
        action: 'Client: send the client id exactly as the operator handed it over.',
      },
      'config-not-found': {
        meaning: 'No SSO configuration has this `client_id` (never created, or deleted).',
        action: 'Operator: check `admin config list`; create the configuration or hand out the right id.',
      },
    },
  },
  '102': {
    code: '102',
    title: 'Sign-in could not be verified',
    userText: 'Your company’s sign-in service could not prove who it is to us.',
    userAction: `${TRY_AGAIN} ${CONTACT}`,
    when: '`client_secret` is missing or matches neither the current secret nor a previous one still in its grace period.',
    destination: DESTINATIONS['102'],
    reasons: {
      'secret-missing': {
        meaning: 'The request carried no `client_secret`.',
        action: 'Client: send `client_secret` with every SSO request (in a POST body, preferably).',
      },
      'secret-mismatch': {
        meaning: 'The `client_secret` matches neither the current nor the previous secret.',
        action: 'Client: use the secret from the latest `config rotate-secret`; operator: rotate and hand it over.',
      },
      'secret-grace-expired': {
        meaning: 'The `client_secret` is the previous secret, and its grace period has ended.',
        action: 'Client: switch to the current secret that the operator handed over at rotation.',
      },
    },
  },
  '103': {
    code: '103',
    title: 'Sign-in details were not valid',
    userText: 'The sign-in details sent by your company’s sign-in service were not valid.',
    userAction: `${TRY_AGAIN} ${CONTACT}`,
    when: 'The token is missing or not a valid compact JWS signed with a key registered for this client, or a required claim (`cid`, `email`, `jti`, `iat`, `exp`) is missing, of the wrong type, does not match, or is not yet valid, or an `aud` does not name this client id (or is missing where the configuration requires it), or a claim the configuration passes through to the assertion is malformed.',
    destination: DESTINATIONS['103'],
    reasons: {
      'token-missing': {
        meaning: 'The request carried no `token` (or `jwt`).',
        action: 'Client: send the signed JWT as `token`.',
      },
      'token-too-large': {
        meaning: `The token is longer than ${MAX_TOKEN_LENGTH} characters.`,
        action: 'Client: keep the token small; only the documented claims are needed.',
      },
      'token-malformed': {
        meaning: 'The token is not a compact JWS (three base64url parts); JWE and other forms are refused.',
        action: 'Client: send a signed JWT in compact serialisation.',
      },
      'header-invalid': {
        meaning: 'The JOSE header is not a JSON object, repeats a member, or has members of the wrong type.',
        action: 'Client: use a standard JWT library to sign the token.',
      },
      'alg-not-allowed': {
        meaning: 'The `alg` is not one the client’s registered keys allow (`none` and HMAC are never allowed).',
        action: 'Client: sign with the algorithm of the registered key (ES256 for generated keys).',
      },
      'header-key-not-allowed': {
        meaning: 'The header carries `jwk`, `jku`, `x5u` or `x5c`; keys are never taken from the token.',
        action: 'Client: remove key material from the header; keys are registered with the configuration.',
      },
      'crit-not-supported': {
        meaning: 'The header has `crit` or `b64`; no extensions are supported.',
        action: 'Client: send a plain JWT without critical header extensions.',
      },
      'nested-token': {
        meaning: 'The header says the payload is itself a JWT (`cty`); nested tokens are refused.',
        action: 'Client: send the claims directly in one signed JWT.',
      },
      'no-matching-key': {
        meaning: 'No key registered for this client matches the token’s `kid` and `alg`.',
        action: 'Client: sign with the registered key and its `kid`; operator: check the configuration’s JWKS.',
      },
      'signature-invalid': {
        meaning: 'The signature does not verify with the client’s registered key.',
        action: 'Client: sign with the private key that belongs to the registered public key.',
      },
      'payload-invalid': {
        meaning: 'The payload is not a JSON object (or repeats a member).',
        action: 'Client: put the claims in a JSON object.',
      },
      ...claimReasons('cid', 'a string'),
      ...claimReasons('email', 'a string'),
      ...claimReasons('jti', `a string of 1 to ${MAX_JTI_LENGTH} characters`),
      ...claimReasons('iat', 'a finite number of seconds'),
      ...claimReasons('exp', 'a finite number of seconds'),
      'nbf-invalid': {
        meaning: 'The token’s `nbf` claim is not a finite number of seconds.',
        action: 'Client: send `nbf` as seconds since the epoch, or leave it out.',
      },
      'cid-mismatch': {
        meaning: 'The token’s `cid` is not the CID of this SSO configuration.',
        action: 'Client: put the CID of this configuration in `cid`; check that the right client id is used.',
      },
      'email-malformed': {
        meaning: `The \`email\` is not a valid address (ASCII, at most ${MAX_EMAIL_LENGTH} characters, no control characters).`,
        action: 'Client: send the user’s plain email address.',
      },
      'not-yet-valid': {
        meaning: 'The token’s `nbf` or `iat` is in the future beyond the clock tolerance.',
        action: 'Client: check the clock of the authorization service (NTP).',
      },
      'aud-mismatch': {
        meaning: 'The token’s `aud` (a string or an array of strings) does not name this client id.',
        action: 'Client: put this configuration’s client id in `aud`, or leave `aud` out if it is not required.',
      },
      'aud-missing': {
        meaning: 'The configuration requires `aud`, and the token has none.',
        action: 'Client: put this configuration’s client id in `aud`.',
      },
      ...passedClaimReason('name-invalid', 'name', PASSED_STRING),
      ...passedClaimReason('given-name-invalid', 'given_name', PASSED_STRING),
      ...passedClaimReason('family-name-invalid', 'family_name', PASSED_STRING),
      ...passedClaimReason('locale-invalid', 'locale', PASSED_STRING),
      ...passedClaimReason('external-id-invalid', 'external_id', PASSED_STRING),
      ...passedClaimReason(
        'groups-invalid',
        'groups',
        `an array of at most ${MAX_PASSED_GROUPS} strings, each of at most ${MAX_PASSED_CLAIM_LENGTH} characters without control characters`,
      ),
    },
  },
  '104': {
    code: '104',
    title: 'Sign-in link expired or already used',
    userText: 'This sign-in link has expired or has already been used. Each link works once, for a short time.',
    userAction: TRY_AGAIN,
    when: '`exp` has passed, `iat` is older than the maximum token age, or the `jti` was already used for this client.',
    destination: DESTINATIONS['104'],
    reasons: {
      'token-expired': {
        meaning: 'The token’s `exp` has passed (beyond the clock tolerance).',
        action: 'User: start again from the portal. Client: mint the token just before the redirect.',
      },
      'token-too-old': {
        meaning: 'The token’s `iat` is older than the configuration’s maximum token age.',
        action: 'Client: mint the token just before the redirect; check the service clock.',
      },
      'token-already-used': {
        meaning: 'This `jti` has already signed someone in for this client.',
        action: 'User: start again from the portal. Client: use a fresh `jti` for every token.',
      },
    },
  },
  '105': {
    code: '105',
    title: 'Something went wrong on our side',
    userText: 'We could not complete your sign-in because of a problem on our side. It was not caused by you.',
    userAction: `Wait a minute and try again from your company portal. ${CONTACT}`,
    when: 'The service itself could not finish: DynamoDB unreachable, throttled or slow, signing failed, the client’s JWKS URI could not be fetched (and no good keys fetched from it hold the token’s key), or a bug; or the target application could not process the sign-in. Never for bad input.',
    destination: DESTINATIONS['105'],
    reasons: {
      'settings-unavailable': {
        meaning: 'Reading the SSO configuration or feature setting from DynamoDB failed or timed out.',
        action: 'Operator: check DynamoDB health, throttling and the function’s timeouts on the dashboard.',
      },
      'used-token-store-unavailable': {
        meaning: 'Recording the token as used failed or timed out; the token was not consumed.',
        action: 'Operator: check DynamoDB health and throttling. User: try again.',
      },
      'signing-unavailable': {
        meaning: 'The assertion could not be signed (signing key missing, KMS unavailable).',
        action: 'Operator: check `admin keys list` and KMS permissions.',
      },
      'jwks-uri-unavailable': {
        meaning:
          'The client’s keys could not be fetched from its JWKS URI (the log line names the URI and why: down, slow, too large, a redirect, a private address, not JSON, a key refused by the acceptance rules), and no good keys fetched within 24 h hold the token’s `kid`. The client’s key may be new, so this is not a 103.',
        action:
          'Operator: the request’s log line carries `jwksUri` and, in `error.message`, why the fetch failed; `admin token check` fetches it the same way. Tell the client what is wrong with it; meanwhile `admin config keys add` can register the key from a file.',
      },
      'internal-error': {
        meaning: 'An unexpected error in the service.',
        action: 'Operator: find the request by its ref in the logs and report it.',
      },
      'not-through-edge': {
        meaning:
          'The request reached the API without the edge’s origin header: it did not come through the CloudFront distribution (someone used the execute-api URL), or the header was changed.',
        action:
          'Operator: hand out only the SSO URL of the stack output SsoUrl. If every request gets this, check that the distribution’s origin header and the origin secret hold the same value.',
      },
      'edge-secret-unavailable': {
        meaning: 'The function could not read the edge’s origin secret from Secrets Manager.',
        action:
          'Operator: check Secrets Manager health and the function role’s secretsmanager:GetSecretValue on the origin secret.',
      },
      'assertion-rejected': {
        meaning: 'The target application could not verify the assertion it received.',
        action: 'Target application: check the JWKS URL, the audience (client id) and its clock.',
      },
    },
  },
  '106': {
    code: '106',
    title: 'Single sign-on is switched off',
    userText: 'Single sign-on is currently not enabled for your organisation.',
    userAction: `Sign in another way, or ask your administrator to enable single sign-on. ${CONTACT}`,
    when: 'The feature setting for the configuration’s CID is not enabled (no setting means disabled).',
    destination: DESTINATIONS['106'],
    reasons: {
      'sso-disabled': {
        meaning: 'SSO is switched off for this CID.',
        action: 'Operator: `admin sso enable <CID>` when the organisation is ready.',
      },
      'sso-setting-missing': {
        meaning: 'There is no feature setting for this CID, which means disabled.',
        action: 'Operator: `admin sso enable <CID>`.',
      },
    },
  },
} as const satisfies Readonly<Record<ErrorCode, CodeEntry>>;

/** The closed list of reasons behind one code. */
export type ReasonOf<C extends ErrorCode> = keyof (typeof CATALOG)[C]['reasons'] & string;

/** A refusal: one code and one of its reasons. */
export type Refusal = { [C in ErrorCode]: { readonly code: C; readonly reason: ReasonOf<C> } }[ErrorCode];

/** Text for an unknown or missing code on the error page. */
export const GENERIC_ERROR = {
  title: 'Sign-in did not complete',
  userText: 'Something stopped your sign-in from completing.',
  userAction: `${TRY_AGAIN} ${CONTACT}`,
} as const;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** True when `reason` is one of the catalog's reasons for `code`. */
export function isKnownReason(code: ErrorCode, reason: string): boolean {
  return Object.prototype.hasOwnProperty.call((CATALOG as Record<ErrorCode, CodeEntry>)[code].reasons, reason);
}
