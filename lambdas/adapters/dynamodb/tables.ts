/**
 * The tables and their keys, shared by the adapters, the CDK stack and the local table setup.
 *
 * - configurations: `pk` = client id → one SSO configuration; `pk` = `#signing-keys` → the assertion
 *   signing key ring (client ids never contain `#`).
 * - feature settings: `pk` = CID → `ssoEnabled` (boolean).
 * - used tokens: `pk` = `<clientId>#<jti>` → `expiresAt` (TTL attribute, epoch seconds), `attemptId`.
 */
export interface TableNames {
  readonly configs: string;
  readonly features: string;
  readonly usedTokens: string;
}

export const PARTITION_KEY = 'pk';
export const TTL_ATTRIBUTE = 'expiresAt';
export const SIGNING_KEY_RING_PK = '#signing-keys';

export const LOCAL_TABLE_NAMES: TableNames = {
  configs: 'infoauth-sso-configs',
  features: 'infoauth-feature-settings',
  usedTokens: 'infoauth-used-tokens',
};

/** Table names from the function's environment (set by the stack), falling back to the local names. */
export function tableNamesFromEnv(env: NodeJS.ProcessEnv = process.env): TableNames {
  return {
    configs: env.INFOAUTH_CONFIG_TABLE ?? LOCAL_TABLE_NAMES.configs,
    features: env.INFOAUTH_FEATURE_TABLE ?? LOCAL_TABLE_NAMES.features,
    usedTokens: env.INFOAUTH_USED_TOKEN_TABLE ?? LOCAL_TABLE_NAMES.usedTokens,
  };
}

export const usedTokenKey = (clientId: string, jti: string): string => `${clientId}#${jti}`;
