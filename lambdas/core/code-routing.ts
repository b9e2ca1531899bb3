/**
 * What the SSO function needs of the error reference codes at run time: where each code sends the
 * browser, and the metric names. The catalog (catalog.ts) reads these too and adds the texts for people
 * (titles, user texts, every reason's meaning and action), which the function never loads: they are for
 * the error page, the admin CLI and the docs, and would only make the bundle and its cold start bigger.
 */
import type { ErrorCode } from './catalog';

/** Where the browser goes: always the hosted page, or the client's error URL once it is authenticated. */
export type Destination = 'hosted' | 'client-when-configured';

export const DESTINATIONS = {
  '101': 'hosted',
  '102': 'hosted',
  '103': 'client-when-configured',
  '104': 'client-when-configured',
  '105': 'client-when-configured',
  '106': 'client-when-configured',
} as const satisfies Readonly<Record<ErrorCode, Destination>>;

/** CloudWatch namespace and metric names (one EMF metric per request). */
export const METRICS = {
  namespace: 'Infoauth',
  success: 'SsoSuccess',
  error: 'SsoError',
  errorCodeDimension: 'ErrorCode',
} as const;
