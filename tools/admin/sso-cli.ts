/** The `sso` commands on the command line. */
import { Command } from 'commander';
import { runOnTarget, withTargetOptions, type CliRuntime, type TargetCommandOptions } from './command-runner';
import { fields } from './human-output';
import { setSso, ssoStatus, type SsoStatus } from './sso-commands';

function statusText(status: SsoStatus): string {
  const state = status.state === 'missing' ? 'disabled (no setting)' : status.state;
  return fields([
    ['CID', status.cid],
    ['SSO', state],
    ['updated', status.updatedAt],
  ]);
}

export function ssoCommands(runtime: CliRuntime): Command {
  const sso = new Command('sso').description('switch SSO on or off per CID (in effect within 5 s)');
  for (const [name, enabled, description] of [
    ['enable', true, 'let users of this CID sign in'],
    ['disable', false, 'refuse sign-ins of this CID with code 106'],
  ] as const) {
    withTargetOptions(sso.command(name).description(description).argument('<CID>')).action(
      (cid: string, options: TargetCommandOptions) =>
        runOnTarget(
          runtime,
          options,
          (deps) => setSso(deps, cid, enabled),
          (status) => ({ text: `SSO ${enabled ? 'enabled' : 'disabled'} for CID ${cid}.\n${statusText(status)}` }),
        ),
    );
  }
  withTargetOptions(sso.command('status').description('show whether SSO is on for a CID').argument('<CID>')).action(
    (cid: string, options: TargetCommandOptions) =>
      runOnTarget(
        runtime,
        options,
        (deps) => ssoStatus(deps, cid),
        (status) => ({ text: statusText(status) }),
      ),
  );
  return sso;
}
