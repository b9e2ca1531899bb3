/** `sso enable|disable|status <CID>`: the feature setting that switches SSO on or off per CID. */
import { InfoauthError } from '../../lambdas/core/errors';
import { isCid } from '../../lambdas/core/identifiers';
import type { SsoFeatureState } from '../../lambdas/core/ports';
import type { AdminDeps } from './admin-deps';

export interface SsoStatus {
  readonly cid: string;
  /** `missing`: no setting, which means disabled. */
  readonly state: SsoFeatureState;
  readonly ssoEnabled: boolean;
  readonly updatedAt?: string;
}

function checkedCid(cid: string): string {
  if (!isCid(cid)) {
    throw new InfoauthError(
      'invalid-input',
      `"${cid}" is not a CID (1-64 characters: letters, digits, ".", "_" or "-", starting with a letter or digit)`,
    );
  }
  return cid;
}

export async function ssoStatus(deps: AdminDeps, cid: string): Promise<SsoStatus> {
  const status = await deps.configs.ssoStatus(checkedCid(cid));
  return {
    cid,
    state: status.state,
    ssoEnabled: status.state === 'enabled',
    ...(status.updatedAt !== undefined ? { updatedAt: new Date(status.updatedAt * 1000).toISOString() } : {}),
  };
}

/** Switches SSO on or off for a CID; sign-ins see it within the settings cache's lifetime (under 5 s). */
export async function setSso(deps: AdminDeps, cid: string, enabled: boolean): Promise<SsoStatus> {
  await deps.configs.setSsoEnabled(checkedCid(cid), enabled);
  return ssoStatus(deps, cid);
}
