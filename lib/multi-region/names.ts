/**
 * The fixed physical names of a multi-region deployment. Each region's stack refers to the global
 * tables, the SSO role and the log group by name, so no stack waits on another region's outputs for them.
 */
import type { TableNames } from '../../lambdas/adapters/dynamodb/tables';

/** The table names, the same in every region (a global table's replicas share its name). */
export function globalTableNames(appName: string): TableNames {
  return {
    configs: `${appName}-sso-configs`,
    features: `${appName}-feature-settings`,
    usedTokens: `${appName}-used-tokens`,
    audit: `${appName}-audit`,
  };
}

/** The SSO function's role in one region (IAM names are account-wide, so the region is part of it). */
export const ssoRoleName = (appName: string, region: string): string => `${appName}-sso-${region}`;

/** The SSO function's log group: one name in every region, so `admin find` needs only the region. */
export const ssoLogGroupName = (appName: string): string => `/infoauth/${appName}/sso`;

/** The stack of one region. */
export const regionalStackName = (appName: string, region: string): string => `${appName}-${region}`;
