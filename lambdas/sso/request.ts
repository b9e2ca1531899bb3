/** Takes the SSO fields out of an API Gateway HTTP API (payload 2.0) event. Never throws. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { SsoRequest } from '../core/model';

const FORM = 'application/x-www-form-urlencoded';

/**
 * Fields of a query string or form, repeated keys joined with commas as API Gateway does for
 * queryStringParameters. One pass: a `getAll` per distinct key made a body of many distinct keys cost
 * quadratic time (a cheap DoS).
 */
export function fieldsOf(params: URLSearchParams): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [key, value] of params) {
    const previous = fields.get(key);
    fields.set(key, previous === undefined ? value : `${previous},${value}`);
  }
  return fields;
}

/** A request header by its lower-case name (API Gateway passes them lower-cased; the local server too). */
export function headerValue(event: APIGatewayProxyEventV2, name: string): string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- untrusted event: its type promises more than a caller guarantees
  const headers = event.headers ?? {};
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function formBody(event: APIGatewayProxyEventV2): URLSearchParams {
  const contentType = headerValue(event, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (contentType !== FORM || !event.body) return new URLSearchParams();
  const body = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return new URLSearchParams(body);
}

/** The SSO request: query fields for GET; for POST, form fields, which win over query fields. */
export function parseSsoRequest(event: APIGatewayProxyEventV2): SsoRequest {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- untrusted event: its type promises more than a caller guarantees
  const fields = fieldsOf(new URLSearchParams(event.rawQueryString ?? ''));
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- untrusted event: its type promises more than a caller guarantees
  if (event.requestContext?.http?.method === 'POST') {
    for (const [key, value] of fieldsOf(formBody(event))) fields.set(key, value);
  }
  const pick = (name: string) => fields.get(name);
  return {
    clientId: pick('client_id'),
    clientSecret: pick('client_secret'),
    token: pick('token') ?? pick('jwt'),
    returnTo: pick('return_to'),
    state: pick('state'),
  };
}
