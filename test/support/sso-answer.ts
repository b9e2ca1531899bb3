/** Reads the handler's answer as a browser and a support engineer would: the 302, its code, its reason. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { LogCapture } from './log-capture';

export interface SsoAnswer {
  readonly status: number | undefined;
  readonly cacheControl: unknown;
  readonly referrerPolicy: unknown;
  readonly location: URL;
  /** 'signed-in', or the error reference code of the redirect. */
  readonly verdict: string;
  /** The reason the handler logged for this ref (refusals only). */
  readonly reason: string | undefined;
}

/** The answer's code and the reason logged for its ref, read from the captured log lines. */
export function readAnswer(result: APIGatewayProxyStructuredResultV2, logs: LogCapture): SsoAnswer {
  const locationHeader = result.headers?.Location;
  if (typeof locationHeader !== 'string') throw new Error(`no Location in a ${result.statusCode} answer`);
  const location = new URL(locationHeader);
  const ref = location.searchParams.get('ref');
  const line = ref === null ? undefined : logs.lineFor(ref);
  return {
    status: result.statusCode,
    cacheControl: result.headers?.['Cache-Control'],
    referrerPolicy: result.headers?.['Referrer-Policy'],
    location,
    verdict: location.searchParams.has('assertion') ? 'signed-in' : (location.searchParams.get('code') ?? 'no-code'),
    reason: typeof line?.reason === 'string' ? line.reason : undefined,
  };
}
