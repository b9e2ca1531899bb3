/**
 * `smoke [--local | --stack <name>]` on the command line: each step on its own line as it ends (on
 * stderr with `--json`, whose stdout holds only the final JSON object); exit 0 when every step passed,
 * 1 when one failed, 2 on bad input.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { EXIT_FAILED, withTargetOptions, type TargetCommandOptions } from './command-runner';
import { runSmoke, type SmokeResult, type SmokeStep } from './smoke/smoke-run';
import { resolveSmokeTarget } from './smoke/smoke-target';

export const DEFAULT_SMOKE_TIMEOUT_SECONDS = 10;

/** `21:40:01.123Z  passed   sign-in        312 ms  assertion verified …` */
export function stepLine(step: SmokeStep): string {
  return `${step.at.slice(11)}  ${step.outcome.padEnd(7)}  ${step.name.padEnd(12)}  ${`${step.ms} ms`.padStart(8)}  ${step.detail}`;
}

function summary(result: SmokeResult, description: string): string {
  const passed = result.steps.filter((step) => step.outcome === 'passed').length;
  return result.passed
    ? `smoke passed: ${passed} of ${result.steps.length} steps against ${description}`
    : `smoke FAILED: ${passed} of ${result.steps.length} steps passed against ${description}`;
}

function timeoutSeconds(value: string): number {
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 120) {
    throw new InvalidArgumentError('expected a whole number of seconds from 1 to 120.');
  }
  return Number(value);
}

interface SmokeOptions extends TargetCommandOptions {
  readonly timeout: number;
}

export function smokeCommand(resolveTarget: typeof resolveSmokeTarget = resolveSmokeTarget): Command {
  return withTargetOptions(
    new Command('smoke')
      .description(
        'prove a running deployment as a client would: a throwaway configuration with SSO on, one sign-in ' +
          'verified against the JWKS, the same token again (104), a wrong secret (102), the error page and ' +
          'its security headers; then remove everything it created',
      )
      .addOption(
        new Option('--timeout <seconds>', 'give up on an HTTP request after this long')
          .default(DEFAULT_SMOKE_TIMEOUT_SECONDS)
          .argParser(timeoutSeconds),
      ),
  ).action(async (options: SmokeOptions) => {
    const target = await resolveTarget(options);
    const lines = options.json ? process.stderr : process.stdout;
    let result: SmokeResult;
    try {
      result = await runSmoke(
        { admin: target.admin, endpoints: target.endpoints, timeoutMs: options.timeout * 1000, now: () => new Date() },
        (step) => lines.write(`${stepLine(step)}\n`),
      );
    } finally {
      target.admin.close();
    }
    lines.write(`${summary(result, target.description)}\n`);
    if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (!result.passed) process.exitCode = EXIT_FAILED;
  });
}
