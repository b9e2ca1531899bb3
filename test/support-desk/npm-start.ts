/**
 * Runs `npm start` as a user would, in its own process group, and waits for its "Ready" line; stops it
 * as Ctrl-C does (SIGINT to the group) and waits, bounded, until every process of the group is gone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from '../cli/run-cli';

export interface RunningLocal {
  readonly baseUrl: string;
  output(): string;
  stop(): Promise<boolean>;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopGroup(child: ChildProcess, timeoutMs = 20_000): Promise<boolean> {
  const pgid = child.pid!;
  if (!groupAlive(pgid)) return true;
  process.kill(-pgid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  return !groupAlive(pgid);
}

/** Starts `npm start` with `env` and resolves once it prints `Ready: <url>` (within 120 s). */
export function npmStart(env: NodeJS.ProcessEnv): Promise<RunningLocal> {
  const child = spawn('npm', ['start'], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      void stopGroup(child).then(() => reject(new Error(`npm start ${why}:\n${output}`)));
    };
    const timer = setTimeout(() => fail('did not get ready'), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const ready = /Ready: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (!ready) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      const keep = (more: Buffer) => (output += more.toString('utf8'));
      child.stdout!.on('data', keep);
      child.stderr!.on('data', keep);
      resolve({ baseUrl: ready[1]!, output: () => output, stop: () => stopGroup(child) });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      if (!/Ready: /.test(output)) fail(`exited with ${code}`);
    });
  });
}
