/**
 * The custom resource protocol: CloudFormation waits for one JSON document PUT to the pre-signed S3 URL
 * of the request. Without an answer the stack hangs for an hour, so every path must end here.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';

export interface CustomResourceOutcome {
  readonly status: 'SUCCESS' | 'FAILED';
  readonly physicalResourceId: string;
  readonly reason?: string;
  readonly data?: Readonly<Record<string, string>>;
}

/** The response document for `event` (exported for tests). */
export function responseBody(event: CloudFormationCustomResourceEvent, outcome: CustomResourceOutcome): string {
  return JSON.stringify({
    Status: outcome.status,
    Reason: outcome.reason ?? outcome.status,
    PhysicalResourceId: outcome.physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: outcome.data ?? {},
  });
}

/** PUTs the outcome to CloudFormation; the pre-signed URL expects no content type. */
export async function sendCustomResourceResponse(
  event: CloudFormationCustomResourceEvent,
  outcome: CustomResourceOutcome,
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  const response = await fetchImpl(event.ResponseURL, {
    method: 'PUT',
    headers: { 'content-type': '' },
    body: responseBody(event, outcome),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`CloudFormation refused the response: HTTP ${response.status}`);
}
