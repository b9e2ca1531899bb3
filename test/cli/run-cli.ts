/**
 * Runs the admin CLI as a user would, in a child process, and the environment that points it at fresh
 * tables on the test run's DynamoDB Local. Spawns Node (the jest process's own, Node 24) with tsx's
 * loader rather than `npm run`, which would add a second or two per call.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TableNames } from '../../lambdas/adapters/dynamodb/tables';
import { dynamoEndpoint } from '../support/sso-fixture';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a CLI or `npm start` child using `tables` on the test DynamoDB Local. */
export function localEnv(tables: TableNames, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint(),
    INFOAUTH_CONFIG_TABLE: tables.configs,
    INFOAUTH_FEATURE_TABLE: tables.features,
    INFOAUTH_USED_TOKEN_TABLE: tables.usedTokens,
    INFOAUTH_AUDIT_TABLE: tables.audit,
    INFOAUTH_LOCAL_DIR: mkdtempSync(join(tmpdir(), 'infoauth-local-')),
    ...extra,
  };
}

/** Runs `admin <args>` to completion (bounded at 30 s), with `stdin` as its standard input if given. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<CliResult> {
  return new Promise((resolveResult, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/admin/cli.ts', ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    // Without input, standard input is at its end at once, as /dev/null would be.
    child.stdin.end(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolveResult({ status, stdout, stderr }));
  });
}

/** Runs the CLI with `--json` and parses stdout, which must be exactly one JSON object. */
export async function runCliJson(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  stdin?: string,
): Promise<CliResult & { json: Record<string, unknown> }> {
  const result = await runCli([...args, '--json'], env, stdin);
  let json: unknown;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    throw new Error(`stdout is not one JSON value: ${result.stdout}\nstderr: ${result.stderr}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('stdout is not a JSON object');
  return { ...result, json: json as Record<string, unknown> };
}
