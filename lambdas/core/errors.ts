/**
 * Errors with stable codes. Adapters translate SDK errors into these, so the core never sees an AWS type
 * and a browser never sees an error's internals.
 */

export type InfoauthErrorCode = 'dependency-failed' | 'invalid-input' | 'not-found' | 'conflict';

export class InfoauthError extends Error {
  constructor(
    readonly code: InfoauthErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Which dependency of a sign-in failed; each is a reason of code 105 in the catalog. */
export type DependencyReason =
  'settings-unavailable' | 'used-token-store-unavailable' | 'signing-unavailable' | 'jwks-uri-unavailable';

/** A store or signer could not do its job (unreachable, throttled, timed out, misconfigured). */
export class DependencyFailure extends InfoauthError {
  constructor(
    readonly reason: DependencyReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('dependency-failed', message, options);
  }
}
