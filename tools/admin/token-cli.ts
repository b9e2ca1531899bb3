/** The `token` commands on the command line. */
import { Command } from 'commander';
import { InfoauthError } from '../../lambdas/core/errors';
import { maskEmail } from '../../lambdas/core/identifiers';
import { parseSeconds, readInput } from './cli-options';
import {
  EXIT_FAILED,
  runLocally,
  runOnTarget,
  withJsonOption,
  withTargetOptions,
  type CliRuntime,
  type OutputOptions,
  type TargetCommandOptions,
} from './command-runner';
import { fields } from './human-output';
import { checkToken, mintToken, type TokenCheck } from './token-commands';
import type { TokenExplanation } from './token-explanation';

const json = (value: unknown) => JSON.stringify(value);

/** The explanation's lines: the key, `aud`, and the claims that would (or would not) be passed through. */
function explanationFields(explanation: TokenExplanation | undefined): (readonly [string, string | undefined])[] {
  if (!explanation) return [];
  const { key, aud, claims } = explanation;
  const passed = claims ? Object.entries(claims.passed).map(([name, value]) => `${name}=${json(value)}`) : [];
  return [
    ['key', key.summary],
    ['aud', aud ? `${aud.aud === null ? '' : `${json(aud.aud)}: `}${aud.summary}` : undefined],
    ['passed claims', claims ? (passed.length > 0 ? passed.join(', ') : 'none') : undefined],
    ['listed, not in token', claims && claims.absent.length > 0 ? claims.absent.join(', ') : undefined],
    ['in token, not listed', claims && claims.notListed.length > 0 ? claims.notListed.join(', ') : undefined],
  ];
}

function checkText(check: TokenCheck): string {
  const claims = check.claims;
  const explained = explanationFields(check.explanation);
  if (check.verdict === 'would-sign-in' && claims) {
    return [
      `Would sign in ${maskEmail(claims.email)} (CID ${claims.cid}); the client secret was not checked.`,
      fields([...explained, ['jti', claims.jti], ['expires', new Date(claims.exp * 1000).toISOString()]]),
    ].join('\n');
  }
  return [
    `Would be refused with code ${check.code}: ${check.title}`,
    fields([['reason', check.reason], ['meaning', check.meaning], ...explained]),
  ].join('\n');
}

/** The token of `token check`: from exactly one of `--token` and `--token-file` (a file, or `-`). */
async function tokenToCheck(options: { token?: string; tokenFile?: string }): Promise<string> {
  if ((options.token === undefined) === (options.tokenFile === undefined)) {
    throw new InfoauthError(
      'invalid-input',
      'give the token with exactly one of --token <jwt> and --token-file <file|->',
    );
  }
  return options.token ?? (await readInput(options.tokenFile ?? '', 'token file')).trim();
}

export function tokenCommands(runtime: CliRuntime): Command {
  const token = new Command('token').description('client tokens: mint one as a client would, or check one');

  withJsonOption(
    token
      .command('mint')
      .description("sign a token with a client's private key, as the client's authorization service would")
      .requiredOption(
        '--private-jwk <file>',
        "the client's private key (JWK), e.g. from config create; - reads it from standard input",
      )
      .requiredOption('--cid <CID>', 'the cid claim')
      .requiredOption('--email <email>', 'the email claim: who signs in')
      .option('--ttl <s>', 'seconds until exp (default 120)', parseSeconds),
  ).action((options: OutputOptions & { privateJwk: string; cid: string; email: string; ttl?: number }) =>
    runLocally(
      options,
      async () =>
        mintToken(
          {
            privateJwk: await readInput(options.privateJwk, 'private key file'),
            cid: options.cid,
            email: options.email,
            ttl: options.ttl,
          },
          runtime.now(),
        ),
      (minted) => ({ text: minted.token }),
    ),
  );

  withTargetOptions(
    token
      .command('check')
      .description('tell which code a token would get and why, without using it (the secret is not checked)')
      .requiredOption('--client-id <id>', 'the client id the token would be sent with')
      .option('--token <jwt>', 'the token (it stays in the shell history: prefer --token-file)')
      .option('--token-file <file>', 'read the token from this file; - reads it from standard input'),
  ).action((options: TargetCommandOptions & { clientId: string; token?: string; tokenFile?: string }) =>
    runOnTarget(
      runtime,
      options,
      async (deps) => checkToken(deps, options.clientId, await tokenToCheck(options)),
      (check) => ({ text: checkText(check), exitCode: check.verdict === 'would-sign-in' ? 0 : EXIT_FAILED }),
    ),
  );
  return token;
}
