/** The `config` commands on the command line. */
import { Command } from 'commander';
import { collect, parseSeconds, readKeyFile } from './cli-options';
import { runOnTarget, withTargetOptions, type CliRuntime, type TargetCommandOptions } from './command-runner';
import {
  createConfig,
  deleteConfig,
  getConfig,
  listConfigs,
  rotateSecret,
  type ConfigView,
  type CreatedConfig,
} from './config-commands';
import { fields } from './human-output';
import { profileChanges, withProfileOptions, type ProfileOptions } from './profile-options';

function configText(config: ConfigView): string {
  return fields([
    ['client id', config.clientId],
    ['CID', config.cid],
    ['target URL', config.targetUrl],
    ['allowed origins', config.allowedOrigins.join(', ')],
    ['error URL', config.errorUrl],
    ['signing keys', config.keys.map((key) => `${key.kid ?? '(no kid)'} ${key.alg ?? key.kty}`).join(', ')],
    ['max token age', `${config.maxTokenAge} s`],
    ['clock tolerance', `${config.clockTolerance} s`],
    ['display name', config.profile?.displayName],
    ['login URL', config.profile?.loginUrl],
    ['support email', config.profile?.supportEmail],
    ['support URL', config.profile?.supportUrl],
    ['previous secret valid until', config.previousSecretValidUntil],
    ['created', config.createdAt],
    ['updated', config.updatedAt],
  ]);
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

interface CreateOptions extends TargetCommandOptions, ProfileOptions {
  cid: string;
  targetUrl: string;
  allowedOrigin?: string[];
  errorUrl?: string;
  jwksFile?: string;
  maxTokenAge?: number;
  clockTolerance?: number;
}

export function configCommands(runtime: CliRuntime): Command {
  const config = new Command('config').description('SSO configurations: one per client (client id, secret, keys)');

  withTargetOptions(
    withProfileOptions(
      config
        .command('create')
        .description(
          'create a configuration: prints the client id, the secret (once) and, without --jwks-file, a key pair',
        )
        .requiredOption('--cid <CID>', "the client organisation's CID, e.g. acme")
        .requiredOption('--target-url <URL>', 'where signed-in users go: an absolute http(s) URL')
        .option('--allowed-origin <origin>', 'an origin return_to and the error URL may use (repeatable)', collect)
        .option('--error-url <URL>', "the client's own error page, on an allowed origin")
        .option(
          '--jwks-file <file>',
          "the client's public signing keys (JWKS or one JWK); a key pair is generated if absent",
        )
        .option('--max-token-age <s>', 'oldest accepted token iat, seconds (default 300)', parseSeconds)
        .option('--clock-tolerance <s>', 'allowed clock skew, seconds (default 30)', parseSeconds),
    ),
  ).action((options: CreateOptions) =>
    runOnTarget(
      runtime,
      options,
      (deps) =>
        createConfig(deps, {
          cid: options.cid,
          targetUrl: options.targetUrl,
          allowedOrigins: options.allowedOrigin,
          errorUrl: options.errorUrl,
          jwks: options.jwksFile === undefined ? undefined : readKeyFile(options.jwksFile, 'JWKS file'),
          maxTokenAge: options.maxTokenAge,
          clockTolerance: options.clockTolerance,
          profile: profileChanges(options),
        }),
      (created) => ({ text: createdText(created) }),
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
      ),
  ).action((clientId: string, options: TargetCommandOptions & { gracePeriod?: number }) =>
    runOnTarget(
      runtime,
      options,
      (deps) => rotateSecret(deps, clientId, options.gracePeriod),
      (rotated) => ({
        text: [
          `New client secret for ${rotated.clientId} (shown only now):`,
          fields([['client secret', rotated.clientSecret]]),
          rotated.previousSecretValidUntil
            ? `The previous secret works until ${rotated.previousSecretValidUntil}.`
            : 'The previous secret no longer works.',
        ].join('\n'),
      }),
    ),
  );
  return config;
}
