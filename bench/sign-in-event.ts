/** One sign-in request as API Gateway hands it to the function (built by the local server's own mapping). */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { newRequestId, toHttpApiEvent } from '../tools/local/http-api-event';

/** The fields of one GET /sso. */
export interface SignInFields {
  readonly client_id: string;
  readonly client_secret: string;
  readonly token: string;
}

/** The payload 2.0 event API Gateway sends for `GET /sso?…`, built by the same code as the local server's. */
export function signInEvent(fields: SignInFields): APIGatewayProxyEventV2 {
  return toHttpApiEvent(
    {
      method: 'GET',
      target: `/sso?${new URLSearchParams({ ...fields }).toString()}`,
      rawHeaders: ['Host', 'sso.bench.test', 'User-Agent', 'infoauth-bench'],
      body: Buffer.alloc(0),
      sourceIp: '198.51.100.7',
      localPort: 443,
      httpVersion: '1.1',
    },
    'GET /sso',
    newRequestId(),
    new Date(),
  );
}
