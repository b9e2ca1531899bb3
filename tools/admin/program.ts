/**
 * The admin CLI's commands (contract §6), one group per module. The support work adds `explain` and
 * `find` as one more group here.
 */
import { Command } from 'commander';
import { auditCommand } from './audit-cli';
import type { CliRuntime } from './command-runner';
import { smokeCommand } from './smoke-cli';
import { configCommands } from './config-cli';
import { keysCommands } from './keys-cli';
import { ssoCommands } from './sso-cli';
import { supportCommands } from './support-cli';
import { tokenCommands } from './token-cli';

/** The whole command tree; commander errors are thrown (exitOverride), not turned into process.exit. */
export function buildProgram(runtime: CliRuntime): Command {
  const program = new Command('admin')
    .description('Administer Infoauth: SSO configurations, feature settings, tokens and signing keys.')
    .usage('<command> [options]  (every command takes --help; most take --local, --stack <name>, --json)')
    .showSuggestionAfterError()
    .exitOverride();
  for (const group of [
    configCommands(runtime),
    ssoCommands(runtime),
    tokenCommands(runtime),
    keysCommands(runtime),
    ...supportCommands(runtime),
    auditCommand(runtime),
    smokeCommand(),
  ]) {
    program.addCommand(group);
  }
  // exitOverride is not inherited by commands added with addCommand; set it on every command.
  const everyCommand = (command: Command): Command[] => [command, ...command.commands.flatMap(everyCommand)];
  for (const command of everyCommand(program)) command.exitOverride();
  return program;
}
