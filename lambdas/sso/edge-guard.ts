/**
 * The bypass guard: behind the edge (CloudFront + AWS WAF), the SSO function serves only requests that
 * carry the edge's origin secret, so the API's own execute-api URL cannot be used to skip the WAF's
 * rate limits. It is on when the stack gives the function the secret's ARN, and off otherwise: under
 * `npm start`, and in a stack built with `-c infoauth:edge=false`.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ORIGIN_VERIFY_HEADER, originHeaderMatches } from '../core/edge-origin';
import type { EdgeOriginSecret } from '../core/ports';
import type { Refused } from '../core/sign-in';
import { headerValue } from './request';

/**
 * A request with a wrong (not a missing) header re-reads the secret at most this often, so a rotated
 * secret is picked up without a cold start, and a caller guessing values cannot drive Secrets Manager calls.
 */
export const EDGE_SECRET_REFRESH_MS = 5 * 60 * 1000;

export type EdgeCheck = { readonly admitted: true } | { readonly admitted: false; readonly refused: Refused };

export interface EdgeGuard {
  /** Never throws: a secret that cannot be read refuses the request (105) rather than admitting it. */
  check(event: APIGatewayProxyEventV2): Promise<EdgeCheck>;
}

const ADMITTED: EdgeCheck = { admitted: true };

function refuse(reason: 'not-through-edge' | 'edge-secret-unavailable', cause?: unknown): EdgeCheck {
  return { admitted: false, refused: { kind: 'refused', code: '105', reason, ...(cause ? { cause } : {}) } };
}

/**
 * @example
 * const guard = createEdgeGuard(new SecretsManagerOriginSecret(client, arn), () => new Date());
 * const check = await guard.check(event); // { admitted: false, refused: { code: '105', reason: 'not-through-edge' } }
 */
export function createEdgeGuard(secret: EdgeOriginSecret, clock: () => Date): EdgeGuard {
  let lastRead = clock().getTime();
  return {
    async check(event) {
      const presented = headerValue(event, ORIGIN_VERIFY_HEADER);
      let expected: string;
      try {
        expected = await secret.current();
      } catch (cause) {
        return refuse('edge-secret-unavailable', cause);
      }
      if (originHeaderMatches(expected, presented)) return ADMITTED;
      const now = clock().getTime();
      if (presented === undefined || now - lastRead < EDGE_SECRET_REFRESH_MS) return refuse('not-through-edge');
      lastRead = now;
      try {
        expected = await secret.refresh();
      } catch (cause) {
        return refuse('edge-secret-unavailable', cause);
      }
      return originHeaderMatches(expected, presented) ? ADMITTED : refuse('not-through-edge');
    },
  };
}
