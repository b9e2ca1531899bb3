/**
 * The audit trail's rules (pure): which changes are recorded, what a record holds, and how a change of a
 * configuration becomes the names and new values of its changed fields, without a secret, hash or
 * private key. The DynamoDB admin store writes each record in the same transaction as its change.
 */
import type { SsoConfig } from './model';

/** Every change an operator can make with the admin CLI (and `smoke`'s clean-up). */
export const AUDIT_ACTIONS = [
  'config create',
  'config update',
  'config keys add',
  'config keys remove',
  'config rotate-secret',
  'config delete',
  'sso enable',
  'sso disable',
  'sso remove',
  'keys rotate',
  'used-token delete',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The actions that replace a stored configuration (optimistic lock on what was read). */
export type ConfigReplaceAction = 'config update' | 'config keys add' | 'config keys remove' | 'config rotate-secret';

export type AuditValue =
  string | number | boolean | null | readonly AuditValue[] | { readonly [key: string]: AuditValue };

/** One change, before it is stamped with its time and actor. */
export interface AuditChange {
  readonly action: AuditAction;
  /** The configuration it touched, when it touched one. */
  readonly clientId?: string;
  /** The CID of that configuration, or the CID whose feature setting changed. */
  readonly cid?: string;
  /** Field name → its new value (null: removed). Never a secret, a hash or a private key. */
  readonly changes: Readonly<Record<string, AuditValue>>;
}

export interface AuditRecord extends AuditChange {
  readonly id: string;
  /** ISO 8601, UTC, milliseconds. */
  readonly at: string;
  /** The caller's AWS identity ARN, or under `--local` the OS user. */
  readonly actor: string;
}

/** What a secret-bearing field is recorded as: that it changed, never what it became. */
export const NOT_RECORDED = '(changed; value not recorded)';

/**
 * Field names that may hold secret material (and the private and symmetric members of a JWK); a field
 * added later under such a name is redacted too.
 */
const SECRET_NAME = /secret|hash|private|password|passphrase|credential|^(d|p|q|dp|dq|qi|oth|k)$/i;

/** Fields that say when or at which version, not what: the record's own time says that. */
const BOOKKEEPING = new Set(['createdAt', 'updatedAt', 'version']);

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

function toAuditValue(value: unknown): AuditValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(toAuditValue);
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
        key,
        SECRET_NAME.test(key) ? NOT_RECORDED : toAuditValue(inner),
      ]),
    );
  }
  return null;
}

/**
 * A configuration as the audit trail sees it: the secret as a marker, the previous secret as the time it
 * stops working, the keys as their `kid`s (public keys, but bulky), every other field as it is.
 */
export function auditedFields(config: SsoConfig): Record<string, AuditValue> {
  const fields: Record<string, AuditValue> = {};
  for (const [name, value] of Object.entries(config)) {
    if (BOOKKEEPING.has(name) || value === undefined) continue;
    if (name === 'secretHash') fields.secret = NOT_RECORDED;
    else if (name === 'previousSecret') {
      fields.previousSecretValidUntil = iso((value as NonNullable<SsoConfig['previousSecret']>).expiresAt);
    } else if (name === 'jwks') {
      fields.keys = (value as SsoConfig['jwks']).keys.map((key) => key.kid ?? `(${key.kty} key without kid)`);
    } else fields[name] = SECRET_NAME.test(name) ? NOT_RECORDED : toAuditValue(value);
  }
  // Off is stored as no field at all: recorded as `false`, so that off and absent are never a change.
  fields.requireAud = config.requireAud === true;
  return fields;
}

/**
 * The names and new values of the fields that differ between two versions of a configuration; a field
 * that `after` no longer has is `null`. With no `before` (a new configuration) every field is new.
 *
 * @example
 * configChanges(old, { ...old, targetUrl: 'https://app.example/' }) // → { targetUrl: 'https://app.example/' }
 */
export function configChanges(before: SsoConfig | undefined, after: SsoConfig): Record<string, AuditValue> {
  const old = before ? auditedFields(before) : {};
  const now = auditedFields(after);
  const changes: Record<string, AuditValue> = {};
  for (const name of new Set([...Object.keys(old), ...Object.keys(now)])) {
    const value = now[name] ?? null;
    const changed =
      name === 'secret'
        ? before?.secretHash !== after.secretHash
        : JSON.stringify(old[name] ?? null) !== JSON.stringify(value);
    if (changed) changes[name] = value;
  }
  return changes;
}

/**
 * The records that concern one client: those naming its client id, and the CID-wide ones (SSO switched
 * on or off) of the CIDs that client had. `knownCid` adds the CID of the configuration as it is now.
 */
export function recordsOfClient(records: readonly AuditRecord[], clientId: string, knownCid?: string): AuditRecord[] {
  const cids = new Set(records.filter((record) => record.clientId === clientId).map((record) => record.cid));
  if (knownCid !== undefined) cids.add(knownCid);
  return records.filter(
    (record) => record.clientId === clientId || (record.clientId === undefined && cids.has(record.cid)),
  );
}

/** Newest first; records of the same millisecond in the order of their ids (stable for a display). */
export function newestFirst(records: readonly AuditRecord[]): AuditRecord[] {
  return [...records].sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id));
}
