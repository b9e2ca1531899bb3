// Verifying Infoauth's assertion in a target application, with jose (npm install jose).
import { randomBytes } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';

export interface InfoauthSettings {
  /** Infoauth's JWKS, e.g. https://sso.example.com/.well-known/jwks.json */
  readonly jwksUrl: string;
  /** The assertion's `iss`: Infoauth's base URL, e.g. https://sso.example.com */
  readonly issuer: string;
  /** Your client id: the assertion's `aud`. */
  readonly clientId: string;
}

export type SignInResult =
  | { readonly ok: true; readonly email: string; readonly cid: string; readonly assertionId: string }
  | { readonly ok: false; readonly code: '105'; readonly ref: string; readonly why: string };

/** Builds the verifier once per process: jose caches the keys and refetches them for an unknown `kid`. */
export function assertionVerifier(settings: InfoauthSettings): (assertion: string) => Promise<SignInResult> {
  const jwks = createRemoteJWKSet(new URL(settings.jwksUrl));
  return async (assertion) => {
    try {
      const { payload } = await jwtVerify(assertion, jwks, {
        issuer: settings.issuer,
        audience: settings.clientId,
        algorithms: ['ES256'],
        requiredClaims: ['sub', 'email', 'cid', 'iat', 'exp', 'jti'],
      });
      const { email, cid, jti } = payload;
      if (typeof email !== 'string' || typeof cid !== 'string' || typeof jti !== 'string') {
        throw new TypeError('email, cid and jti must be strings');
      }
      return { ok: true, email, cid, assertionId: jti };
    } catch (error) {
      // Bad signature, wrong issuer or audience, expired, malformed: the sign-in cannot complete.
      // Show code 105 with a ref of your own, and log the ref with why (never the assertion itself).
      const ref = randomBytes(11).toString('base64');
      const why = error instanceof errors.JOSEError ? error.code : 'claims-invalid';
      return { ok: false, code: '105', ref, why };
    }
  };
}
