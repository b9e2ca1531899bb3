/** The `keys` commands on the command line: the assertion signing keys. */
import { Command } from 'commander';
import { parseSeconds } from './cli-options';
import { runOnTarget, withTargetOptions, type CliRuntime, type TargetCommandOptions } from './command-runner';
import { listKeys, rotateKeys, type KeyView } from './key-commands';

function keysText(keys: readonly KeyView[]): string {
  if (keys.length === 0) return 'No assertion signing keys.';
  return keys
    .map((key) =>
      [key.kid, key.status, key.mode, `active from ${key.activeFrom}`, key.retireAt && `retires ${key.retireAt}`]
        .filter(Boolean)
        .join('  '),
    )
    .join('\n');
}

export function keysCommands(runtime: CliRuntime): Command {
  const keys = new Command('keys').description('the keys that sign assertions (published at /.well-known/jwks.json)');
  withTargetOptions(keys.command('list').description('list the signing keys and their state')).action(
    (options: TargetCommandOptions) =>
      runOnTarget(runtime, options, listKeys, (result) => ({ text: keysText(result.keys) })),
  );
  withTargetOptions(
    keys
      .command('rotate')
      .description('add a new signing key: published now, signing after the activation delay')
      .option(
        '--activation-delay <s>',
        'seconds before the new key signs (default 300, the JWKS cache time; 0 when no key signs yet)',
        parseSeconds,
      ),
  ).action((options: TargetCommandOptions & { activationDelay?: number }) =>
    runOnTarget(
      runtime,
      options,
      (deps) => rotateKeys(deps, options.activationDelay),
      (result) => ({
        text: `New signing key ${result.kid}, signing from ${result.activeFrom}.\n${keysText(result.keys)}`,
      }),
    ),
  );
  return keys;
}
