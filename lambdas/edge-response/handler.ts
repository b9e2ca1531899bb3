/**
 * The Lambda@Edge origin-response entry point on /sso (lib/edge-response.ts): API Gateway's own answers
 * (a throttling 429, a 413, a 5xx) reach the person as the hosted page with 105, never as JSON.
 */
import type { CloudFrontResponseEvent, CloudFrontResultResponse } from 'aws-lambda';
import { answerFromOrigin } from './answer';

export function handler(event: CloudFrontResponseEvent): Promise<CloudFrontResultResponse> {
  const record = event.Records[0];
  if (!record) throw new Error('origin-response event without a record');
  return Promise.resolve(answerFromOrigin(record.cf.response));
}
