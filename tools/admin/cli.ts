/**
 * The admin CLI: `npm run --silent admin -- <command> [--json]`. See `--help`, and command-runner.ts
 * for the exit statuses.
 */
import { buildProgram } from './program';
import { failureOf, type TargetOptions } from './command-runner';
import { localAdminDeps } from './local-admin-deps';
import { stackAdminDeps } from './stack-admin-deps';

async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram({
    depsFor: (target: TargetOptions) =>
      target.local ? Promise.resolve(localAdminDeps()) : stackAdminDeps(target.stack),
    now: () => new Date(),
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    const failure = failureOf(error);
    if (failure.exitCode === 0) return;
    if (!failure.printed) process.stderr.write(`error: ${failure.message}\n`);
    // With --json, stdout always holds exactly one JSON object, also when the command failed.
    if (argv.includes('--json')) {
      process.stdout.write(`${JSON.stringify({ error: { kind: failure.kind, message: failure.message } }, null, 2)}\n`);
    }
    process.exitCode = failure.exitCode;
  }
}

void main(process.argv.slice(2));
