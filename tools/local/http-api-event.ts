/**
 * Translates between plain HTTP and API Gateway HTTP API Lambda integrations (payload format 2.0), the
 * way AWS does, so the local server runs the real handler on the events it gets in AWS:
 *
 * - `rawPath` and `rawQueryString` as sent; `queryStringParameters` decoded, repeated keys joined with
 *   commas (omitted when there is no query string);
 * - header names lowercased, repeated headers joined with commas; the `Cookie` header moves to
 *   `cookies` (one entry per cookie); `x-forwarded-for|port|proto` added as API Gateway adds them;
 * - the body as text for textual content types (`text/*`, JSON, XML, JavaScript), base64 with
 *   `isBase64Encoded: true` for everything else, including form posts (as API Gateway does);
 * - `requestContext` with a unique `requestId` in API Gateway's form (base64 of random bytes), the
 *   method, path, protocol, source IP, user agent, `time` and `timeEpoch`.
 *
 * No maintained npm package builds these events outside AWS without a framework around it (serverless-
 * offline, SAM CLI need their own runtimes), so this is the small mapping the contract needs.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';

export interface HttpRequestData {
  readonly method: string;
  /** The request target as received, e.g. `/sso?client_id=a&x=1`. */
  readonly target: string;
  /** Node's `rawHeaders`: name, value, name, value, … with the names as the client spelled them. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly localPort: number;
  readonly httpVersion: string;
}

const TEXT_TYPES = [/^text\//, /^application\/(.+\+)?json$/, /^application\/(.+\+)?xml$/, /^application\/javascript$/];

/** True when API Gateway passes a body of this content type as text rather than base64. */
export function isTextContentType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType !== undefined && TEXT_TYPES.some((pattern) => pattern.test(mediaType));
}

/** A request id in API Gateway HTTP API's form, e.g. `JKJaXmPLvHcESHA=` (random, 16 characters). */
export function newRequestId(): string {
  return randomBytes(11).toString('base64');
}

function joinedHeaders(rawHeaders: readonly string[]): Map<string, string> {
  const headers = new Map<string, string>();
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = (rawHeaders[index] ?? '').toLowerCase();
    const value = rawHeaders[index + 1] ?? '';
    const previous = headers.get(name);
    // Cookies from several Cookie headers are all cookies; any other repeated header is joined by commas.
    const separator = name === 'cookie' ? '; ' : ',';
    headers.set(name, previous === undefined ? value : `${previous}${separator}${value}`);
  }
  return headers;
}

/** One query-string component as API Gateway decodes it: `+` is a space, a malformed escape stays as sent. */
function decodeComponent(text: string): string {
  const spaced = text.replaceAll('+', ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/**
 * `queryStringParameters` as API Gateway builds it: decoded names and values, repeated names joined by
 * commas. Written here on purpose rather than reusing the handler's own request parser, so that a bug in
 * that parser shows up as a difference instead of being mirrored.
 */
function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters = new Map<string, string>();
  for (const pair of rawQueryString.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decodeComponent(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : decodeComponent(pair.slice(equals + 1));
    const previous = parameters.get(name);
    parameters.set(name, previous === undefined ? value : `${previous},${value}`);
  }
  return Object.fromEntries(parameters);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `requestContext.time` as API Gateway writes it: `12/Mar/2020:19:03:58 +0000`. */
export function apiGatewayTime(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return (
    `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`
  );
}

/**
 * The payload 2.0 event API Gateway would send for this request.
 * @param routeKey the matched route, e.g. `GET /sso`
 */
export function toHttpApiEvent(
  request: HttpRequestData,
  routeKey: string,
  requestId: string,
  now: Date,
): APIGatewayProxyEventV2 {
  const queryStart = request.target.indexOf('?');
  const rawPath = queryStart === -1 ? request.target : request.target.slice(0, queryStart);
  const rawQueryString = queryStart === -1 ? '' : request.target.slice(queryStart + 1);
  const headers = joinedHeaders(request.rawHeaders);
  const cookieHeader = headers.get('cookie');
  headers.delete('cookie');
  const cookies = cookieHeader
    ?.split(';')
    .map((cookie) => cookie.trim())
    .filter((cookie) => cookie !== '');
  headers.set('x-forwarded-for', request.sourceIp);
  headers.set('x-forwarded-port', String(request.localPort));
  headers.set('x-forwarded-proto', 'http');
  const host = headers.get('host') ?? `127.0.0.1:${request.localPort}`;
  const domainName = host.replace(/:\d+$/, '');
  const query = queryParameters(rawQueryString);
  const text = isTextContentType(headers.get('content-type'));
  const hasBody = request.body.length > 0;

  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers: Object.fromEntries(headers),
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: request.method,
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.sourceIp,
        userAgent: headers.get('user-agent') ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: apiGatewayTime(now),
      timeEpoch: now.getTime(),
    },
    ...(hasBody ? { body: text ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    isBase64Encoded: hasBody && !text,
  };
}

/** A Lambda context for one local invocation. */
export function localLambdaContext(functionName: string): Context {
  const fail = () => {
    throw new Error('the callback API is not used by this handler');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 10_000,
    // The Context type still requires the callback-era members; a handler that calls one is a bug here.
    /* eslint-disable @typescript-eslint/no-deprecated */
    done: fail,
    fail,
    succeed: fail,
    /* eslint-enable @typescript-eslint/no-deprecated */
  };
}

export interface HttpResponseData {
  readonly statusCode: number;
  /** Header pairs; Set-Cookie may repeat. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
}

/**
 * The HTTP response API Gateway makes of a payload 2.0 result: a structured result as given (cookies as
 * Set-Cookie headers, a base64 body decoded); anything else is JSON with status 200.
 */
export function fromHttpApiResult(result: APIGatewayProxyResultV2): HttpResponseData {
  // A handler is untyped at run time: null, undefined or a bare object must come out as API Gateway sends them.
  /* eslint-disable @typescript-eslint/no-unnecessary-condition */
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    return { statusCode: 200, headers: [['content-type', 'application/json']], body: Buffer.from(body ?? '', 'utf8') };
    /* eslint-enable @typescript-eslint/no-unnecessary-condition */
  }
  const headers: Array<[string, string]> = Object.entries(result.headers ?? {}).map(([name, value]) => [
    name,
    String(value),
  ]);
  for (const cookie of result.cookies ?? []) headers.push(['set-cookie', cookie]);
  const body = result.body ?? '';
  return {
    statusCode: result.statusCode ?? 200,
    headers,
    body: result.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8'),
  };
}
