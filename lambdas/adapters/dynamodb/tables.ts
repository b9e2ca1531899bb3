/**
 * The tables and their keys, shared by the adapters, the CDK stack and the local table setup.
 *
 * - configurations: `pk` = client id → one SSO configuration; `pk` = `#signing-keys` → the assertion
 *   signing key ring (client ids never contain `#`).
 * - feature settings: `pk` = CID → `ssoEnabled` (boolean).
 * - used tokens: `pk` = `<clientId>#<jti>` → `expiresAt` (TTL attribute, epoch seconds), `attemptId`.
 * - audit records (admin only; the SSO function never reads or writes it): `pk` = `changes`,
 *   `sk` = `<ISO time>#<id>` → time, actor, action, client id, CID, changed fields.
 */
export interface TableNames {
  readonly configs: string;
  readonly features: string;
  readonly usedTokens: string;
  readonly audit: string;
}

export const PARTITION_KEY = 'pk';
export const TTL_ATTRIBUTE = 'expiresAt';
export const SIGNING_KEY_RING_PK = '#signing-keys';
/** The audit table's sort key, and the one partition that holds every record. */
export const AUDIT_SORT_KEY = 'sk';
export const AUDIT_PARTITION = 'changes';
/** The used-token key that `GET /health` reads (never written; used-token keys never start with `#`). */
export const HEALTH_PROBE_PK = '#health';

export const LOCAL_TABLE_NAMES: TableNames = {
  configs: 'infoauth-sso-configs',
  features: 'infoauth-feature-settings',
  usedTokens: 'infoauth-used-tokens',
  audit: 'infoauth-audit',
};

/** Table names from the function's environment (set by the stack), falling back to the local names. */
export function tableNamesFromEnv(env: NodeJS.ProcessEnv = process.env): TableNames {
  return {
    configs: env.INFOAUTH_CONFIG_TABLE ?? LOCAL_TABLE_NAMES.configs,
    features: env.INFOAUTH_FEATURE_TABLE ?? LOCAL_TABLE_NAMES.features,
    usedTokens: env.INFOAUTH_USED_TOKEN_TABLE ?? LOCAL_TABLE_NAMES.usedTokens,
    audit: env.INFOAUTH_AUDIT_TABLE ?? LOCAL_TABLE_NAMES.audit,
  };
}

export const usedTokenKey = (cid: string, jti: string): string => `${cid}#${jti}`;
