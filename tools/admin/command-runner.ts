/**
 * How every admin command runs: pick the target (`--local` or a deployed stack), run the command's logic,
 * print one JSON object (`--json`) or readable text, and turn failures into a message and an exit status.
 *
 * Exit statuses: 0 done; 1 the command ran but failed or found nothing (unknown client id, a token that
 * would be refused, DynamoDB unreachable); 2 bad input (a value of the wrong form, an unknown command).
 */
import { Command, CommanderError, Option } from 'commander';
import { InfoauthError } from '../../lambdas/core/errors';
import type { AdminDeps } from './admin-deps';
import { DEFAULT_STACK_NAME } from '../../lambdas/core/deployment';

export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

export interface TargetOptions {
  readonly local?: boolean;
  readonly stack: string;
}

export interface OutputOptions {
  readonly json?: boolean;
}

/** The options every command on a target has: where (`--local`, `--stack`) and how to print (`--json`). */
export type TargetCommandOptions = TargetOptions & OutputOptions;

/** What the commands get from the entry point, so that the wiring stays the same in every environment. */
export interface CliRuntime {
  depsFor(target: TargetOptions): Promise<AdminDeps>;
  now(): Date;
}

/** Adds `--json` to a command. */
export function withJsonOption(command: Command): Command {
  return command.option('--json', 'print exactly one JSON object on stdout');
}

/** Adds `--local`, `--stack` and `--json` to a command that reads or changes a target's stores. */
export function withTargetOptions(command: Command): Command {
  return withJsonOption(
    command
      .addOption(
        new Option(
          '--local',
          'use the DynamoDB of `npm start` (AWS_ENDPOINT_URL_DYNAMODB, else 127.0.0.1:8000)',
        ).conflicts('stack'),
      )
      .addOption(
        new Option('--stack <name>', 'the deployed stack (standard AWS credential chain)').default(DEFAULT_STACK_NAME),
      ),
  );
}

export interface Rendered {
  /** The text printed without `--json`. */
  readonly text: string;
  /** Non-zero when the command ran but its answer is a failure (e.g. a token that would be refused). */
  readonly exitCode?: number;
}

function print<T extends object>(options: OutputOptions, result: T, render: (result: T) => Rendered): void {
  const { text, exitCode } = render(result);
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : `${text}\n`);
  if (exitCode !== undefined) process.exitCode = exitCode;
}

/** Runs a command that needs no store (e.g. `token mint`). */
export async function runLocally<T extends object>(
  options: OutputOptions,
  action: () => Promise<T>,
  render: (result: T) => Rendered,
): Promise<void> {
  print(options, await action(), render);
}

/** Runs a command against the target's stores and releases them afterwards. */
export async function runOnTarget<T extends object>(
  runtime: CliRuntime,
  options: TargetCommandOptions,
  action: (deps: AdminDeps) => Promise<T>,
  render: (result: T) => Rendered,
): Promise<void> {
  const deps = await runtime.depsFor(options);
  try {
    print(options, await action(deps), render);
  } catch (error) {
    throw explainTargetError(error, deps);
  } finally {
    deps.close();
  }
}

const UNREACHABLE = ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT'];

/** Store errors in words an operator can act on; domain errors pass through unchanged. */
function explainTargetError(error: unknown, deps: AdminDeps): unknown {
  const where = deps.description;
  if (error instanceof InfoauthError) return error;
  const { name, code, message } = error as { name?: string; code?: string; message?: string };
  const causeCode = (error as { cause?: { code?: string } }).cause?.code;
  if (name === 'ResourceNotFoundException') {
    return new InfoauthError('dependency-failed', `a table is missing on ${where}: ${message}`, { cause: error });
  }
  if (UNREACHABLE.includes(code ?? '') || UNREACHABLE.includes(causeCode ?? '') || name === 'TimeoutError') {
    const hint = deps.unreachableHint ? ` ${deps.unreachableHint}` : '';
    return new InfoauthError('dependency-failed', `cannot reach ${where} (${code ?? causeCode ?? name}).${hint}`, {
      cause: error,
    });
  }
  if (name === 'CredentialsProviderError') {
    return new InfoauthError('dependency-failed', `no AWS credentials for ${where}: ${message}`, { cause: error });
  }
  return error;
}

/** The exit status and message of a failure; `usage` is set for commander's own errors (already printed). */
export function failureOf(error: unknown): { exitCode: number; kind: string; message: string; printed: boolean } {
  if (error instanceof CommanderError) {
    const message = error.message.replace(/^error: /, '');
    return { exitCode: error.exitCode === 0 ? 0 : EXIT_BAD_INPUT, kind: 'usage', message, printed: true };
  }
  if (error instanceof InfoauthError) {
    const exitCode = error.code === 'invalid-input' ? EXIT_BAD_INPUT : EXIT_FAILED;
    return { exitCode, kind: error.code, message: error.message, printed: false };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: EXIT_FAILED, kind: 'failed', message, printed: false };
}
