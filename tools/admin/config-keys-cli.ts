/** `config keys list|add|remove` on the command line. */
import { Command } from 'commander';
import { readKeyFile } from './cli-options';
import { runOnTarget, withTargetOptions, type CliRuntime, type TargetCommandOptions } from './command-runner';
import { addClientKeys, listClientKeys, removeClientKey, type ClientKeys } from './config-key-commands';

function keysText(result: ClientKeys): string {
  const lines = result.keys.map(
    (key) => `${key.kid ?? '(no kid)'}  ${key.kty}${key.crv ? ` ${key.crv}` : ''}  ${key.alg ?? ''}`,
  );
  const head = result.added
    ? `Added ${result.added.join(', ')}. In effect for sign-ins within 5 s.`
    : result.removed !== undefined
      ? `Removed ${result.removed}: tokens it signs get 103 within 5 s.`
      : `Keys of ${result.clientId}:`;
  return [head, ...lines].join('\n');
}

export function configKeysCommands(runtime: CliRuntime): Command {
  const keys = new Command('keys').description("the client's own public signing keys of a configuration");

  withTargetOptions(keys.command('list').description('list the keys').argument('<clientId>')).action(
    (clientId: string, options: TargetCommandOptions) =>
      runOnTarget(
        runtime,
        options,
        (deps) => listClientKeys(deps, clientId),
        (result) => ({ text: keysText(result) }),
      ),
  );

  withTargetOptions(
    keys
      .command('add')
      .description('add every key of a JWKS file (a kid already registered is refused; nothing is added then)')
      .argument('<clientId>')
      .requiredOption('--jwks-file <file>', 'a JWKS (or one JWK) of public keys'),
  ).action((clientId: string, options: TargetCommandOptions & { jwksFile: string }) =>
    runOnTarget(
      runtime,
      options,
      (deps) => addClientKeys(deps, clientId, readKeyFile(options.jwksFile, 'JWKS file')),
      (result) => ({ text: keysText(result) }),
    ),
  );

  withTargetOptions(
    keys
      .command('remove')
      .description('remove one key (not the last one)')
      .argument('<clientId>')
      .requiredOption('--kid <kid>', 'the key to remove'),
  ).action((clientId: string, options: TargetCommandOptions & { kid: string }) =>
    runOnTarget(
      runtime,
      options,
      (deps) => removeClientKey(deps, clientId, options.kid),
      (result) => ({ text: keysText(result) }),
    ),
  );
  return keys;
}
