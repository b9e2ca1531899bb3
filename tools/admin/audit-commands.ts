/**
 * `audit [--since <duration>] [--client-id <id>] [--cid <CID>]`: every change made with the admin CLI,
 * newest first, from the audit table (each record was written in its change's transaction).
 */
import { newestFirst, recordsOfClient, type AuditRecord } from '../../lambdas/core/audit';
import { InfoauthError } from '../../lambdas/core/errors';
import { isCid, isClientId } from '../../lambdas/core/identifiers';
import type { AdminDeps } from './admin-deps';

export interface AuditInput {
  /** How far back, in seconds; everything when absent. */
  readonly sinceSeconds?: number;
  readonly clientId?: string;
  readonly cid?: string;
}

export interface AuditListing {
  /** Start of the window (ISO 8601), when one was given. */
  readonly since?: string;
  readonly clientId?: string;
  readonly cid?: string;
  readonly records: readonly AuditRecord[];
}

/** The records of the window, narrowed to one client (with its CID's SSO switches) or one CID. */
export async function listAudit(deps: AdminDeps, input: AuditInput): Promise<AuditListing> {
  if (input.clientId !== undefined && !isClientId(input.clientId)) {
    throw new InfoauthError(
      'invalid-input',
      `"${input.clientId}" is not a client id (letters, digits, "-", "_"; 1-64)`,
    );
  }
  if (input.cid !== undefined && !isCid(input.cid)) {
    throw new InfoauthError('invalid-input', `"${input.cid}" is not a CID`);
  }
  const since =
    input.sinceSeconds === undefined ? undefined : new Date(deps.now().getTime() - input.sinceSeconds * 1000);
  let records = await deps.audit.list(since ? { since } : {});
  if (input.clientId !== undefined) {
    // The configuration may be gone; its own records still name its CID.
    const current = await deps.configs.get(input.clientId);
    records = recordsOfClient(records, input.clientId, current?.cid);
  }
  if (input.cid !== undefined) records = records.filter((record) => record.cid === input.cid);
  return {
    ...(since ? { since: since.toISOString() } : {}),
    ...(input.clientId !== undefined ? { clientId: input.clientId } : {}),
    ...(input.cid !== undefined ? { cid: input.cid } : {}),
    records: newestFirst(records),
  };
}
