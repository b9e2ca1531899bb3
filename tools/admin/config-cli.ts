/** The `config` commands on the command line. */
import { Command } from 'commander';
import { parseSeconds, readKeyFile } from './cli-options';
import { runOnTarget, withTargetOptions, type CliRuntime, type TargetCommandOptions } from './command-runner';
import {
  createConfig,
  deleteConfig,
  type RotatedSecret,
  getConfig,
  listConfigs,
  rotateSecret,
  updateConfig,
  type ConfigView,
  type CreatedConfig,
  type UpdatedConfig,
} from './config-commands';
import { configKeysCommands } from './config-keys-cli';
import { settingsFrom, withSettingOptions } from './config-options';
import { fields } from './human-output';
import { SECRET_FILE_MODE, withSecretFile } from './secret-file';

function configText(config: ConfigView): string {
  return fields([
    ['client id', config.clientId],
    ['CID', config.cid],
    ['target URL', config.targetUrl],
    ['allowed origins', config.allowedOrigins.join(', ')],
    ['error URL', config.errorUrl],
    ['signing keys', config.keys.map((key) => `${key.kid ?? '(no kid)'} ${key.alg ?? key.kty}`).join(', ')],
    ['JWKS URI', config.jwksUri],
    ['max token age', `${config.maxTokenAge} s`],
    ['clock tolerance', `${config.clockTolerance} s`],
    ['assertion delivery', config.assertionDelivery],
    ['aud required', config.requireAud ? 'yes' : 'no'],
    ['passed claims', config.claims.length > 0 ? config.claims.join(', ') : 'none'],
    ['display name', config.profile?.displayName],
    ['login URL', config.profile?.loginUrl],
    ['support email', config.profile?.supportEmail],
    ['support URL', config.profile?.supportUrl],
    ['previous secret valid until', config.previousSecretValidUntil],
    ['created', config.createdAt],
    ['updated', config.updatedAt],
    ['version', String(config.version)],
  ]);
}

function updatedText(updated: UpdatedConfig): string {
  const what = updated.changed.length === 0 ? 'nothing changed (same values)' : `changed ${updated.changed.join(', ')}`;
  return [
    `Updated the SSO configuration ${updated.clientId}: ${what}. In effect for sign-ins within 5 s.`,
    '',
    configText(updated.config),
  ].join('\n');
}

/** `config create --out-file`: what is printed; the secret and the private key are in the file. */
type FiledConfig = Omit<CreatedConfig, 'clientSecret' | 'signingKey'> & {
  readonly signingKey?: { readonly kid: string };
  readonly secretsFile: string;
};

const OUT_FILE_HELP = `write the secrets to this new file (mode ${SECRET_FILE_MODE.toString(8)}; never overwritten) instead of stdout`;
const filedText = (path: string) => `Written to ${path} (mode ${SECRET_FILE_MODE.toString(8)}, readable by you only)`;

function filedConfigText(created: FiledConfig): string {
  const what = created.signingKey
    ? `the client secret and the private key of the generated signing key ${created.signingKey.kid}`
    : 'the client secret';
  return [
    `Created the SSO configuration of CID ${created.config.cid}.`,
    fields([['client id', created.clientId]]),
    `${filedText(created.secretsFile)}: ${what}. Hand them to the client over a secure channel, then delete the file.`,
    '',
    configText(created.config),
    '',
    `Next: npm run admin -- sso enable ${created.config.cid}`,
  ].join('\n');
}

function createdText(created: CreatedConfig): string {
  const lines = [
    `Created the SSO configuration of CID ${created.config.cid}.`,
    fields([
      ['client id', created.clientId],
      ['client secret', created.clientSecret],
    ]),
    'The client secret is shown only now: hand it to the client over a secure channel.',
  ];
  if (created.signingKey) {
    lines.push(
      `Generated signing key ${created.signingKey.kid}; only its public half is stored. Private key (JWK), for the client:`,
      JSON.stringify(created.signingKey.privateJwk),
    );
  }
  lines.push('', configText(created.config), '', `Next: npm run admin -- sso enable ${created.config.cid}`);
  return lines.join('\n');
}

interface CreateOptions extends TargetCommandOptions {
  cid: string;
  jwksFile?: string;
  outFile?: string;
}

/** `config rotate-secret --out-file`: what is printed; the new secret is in the file. */
type FiledSecret = Omit<RotatedSecret, 'clientSecret'> & { readonly secretsFile: string };

function rotatedText(rotated: RotatedSecret | FiledSecret): string {
  const until = rotated.previousSecretValidUntil
    ? `The previous secret works until ${rotated.previousSecretValidUntil}.`
    : 'The previous secret no longer works.';
  if ('secretsFile' in rotated) {
    return `${filedText(rotated.secretsFile)}: the new client secret of ${rotated.clientId}.\n${until}`;
  }
  return [
    `New client secret for ${rotated.clientId} (shown only now):`,
    fields([['client secret', rotated.clientSecret]]),
    until,
  ].join('\n');
}

export function configCommands(runtime: CliRuntime): Command {
  const config = new Command('config').description('SSO configurations: one per client (client id, secret, keys)');

  withTargetOptions(
    withSettingOptions(
      config
        .command('create')
        .description(
          'create a configuration: prints the client id, the secret (once) and, without --jwks-file, a key pair',
        )
        .requiredOption('--cid <CID>', "the client organisation's CID, e.g. acme"),
      true,
    )
      .option(
        '--jwks-file <file>',
        "the client's public signing keys (JWKS or one JWK); a key pair is generated if absent",
      )
      .option('--out-file <path>', OUT_FILE_HELP),
  ).action((options: CreateOptions) =>
    runOnTarget(
      runtime,
      options,
      (deps): Promise<CreatedConfig | FiledConfig> => {
        const create = () =>
          createConfig(deps, {
            ...settingsFrom(options as unknown as Record<string, unknown>),
            cid: options.cid,
            jwks: options.jwksFile === undefined ? undefined : readKeyFile(options.jwksFile, 'JWKS file'),
          });
        if (options.outFile === undefined) return create();
        return withSecretFile(options.outFile, {
          action: create,
          split: ({ clientSecret, signingKey, ...shown }) => ({
            secrets: { clientId: shown.clientId, clientSecret, ...(signingKey ? { signingKey } : {}) },
            shown: { ...shown, ...(signingKey ? { signingKey: { kid: signingKey.kid } } : {}) },
          }),
          undo: async (created) => {
            await deleteConfig(deps, created.clientId);
          },
          redo: 'run config create again',
        });
      },
      (created) => ({ text: 'secretsFile' in created ? filedConfigText(created) : createdText(created) }),
    ),
  );

  withTargetOptions(
    withSettingOptions(
      config
        .command('update')
        .description('change settings of a configuration (the others keep their values); in effect within 5 s')
        .argument('<clientId>'),
      false,
    ),
  ).action((clientId: string, options: TargetCommandOptions) =>
    runOnTarget(
      runtime,
      options,
      (deps) => updateConfig(deps, clientId, settingsFrom(options as unknown as Record<string, unknown>)),
      (updated) => ({ text: updatedText(updated) }),
    ),
  );

  withTargetOptions(
    config.command('get').description('show one configuration (never its secret)').argument('<clientId>'),
  ).action((clientId: string, options: TargetCommandOptions) =>
    runOnTarget(
      runtime,
      options,
      (deps) => getConfig(deps, clientId),
      ({ config: view, ssoState }) => ({ text: `${configText(view)}\n${fields([['SSO', ssoState]])}` }),
    ),
  );

  withTargetOptions(config.command('list').description('list all configurations')).action(
    (options: TargetCommandOptions) =>
      runOnTarget(runtime, options, listConfigs, ({ configs }) => ({
        text:
          configs.length === 0
            ? 'No SSO configurations.'
            : configs.map((view) => `${view.clientId}  ${view.cid}  ${view.targetUrl}`).join('\n'),
      })),
  );

  withTargetOptions(
    config.command('delete').description('delete a configuration: its client id stops working').argument('<clientId>'),
  ).action((clientId: string, options: TargetCommandOptions) =>
    runOnTarget(
      runtime,
      options,
      (deps) => deleteConfig(deps, clientId),
      ({ deleted, cid }) => ({ text: `Deleted the SSO configuration ${deleted} (CID ${cid}).` }),
    ),
  );

  withTargetOptions(
    config
      .command('rotate-secret')
      .description('give a configuration a new secret; the previous one works for the grace period')
      .argument('<clientId>')
      .option(
        '--grace-period <s>',
        'seconds the previous secret keeps working (default 86400; 0 ends it now)',
        parseSeconds,
      )
      .option('--out-file <path>', OUT_FILE_HELP),
  ).action((clientId: string, options: TargetCommandOptions & { gracePeriod?: number; outFile?: string }) =>
    runOnTarget(
      runtime,
      options,
      (deps): Promise<RotatedSecret | FiledSecret> => {
        const rotate = () => rotateSecret(deps, clientId, options.gracePeriod);
        if (options.outFile === undefined) return rotate();
        return withSecretFile(options.outFile, {
          action: rotate,
          split: ({ clientSecret, ...shown }) => ({ secrets: { clientId, clientSecret }, shown }),
          redo: `the new secret is lost; run config rotate-secret ${clientId} again`,
        });
      },
      (rotated) => ({ text: rotatedText(rotated) }),
    ),
  );
  config.addCommand(configKeysCommands(runtime));
  return config;
}
