/**
 * Runs `npm start` as a user would: in its own process group (like a terminal's foreground job), waiting
 * for its "Ready" line. Stopping it is what Ctrl-C does, SIGINT to the whole group, followed by a bounded
 * wait until every process of the group is gone.
 */
import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../cli/run-cli';

/** How long `npm start` may take to print "Ready" (it may start DynamoDB Local first). */
const READY_TIMEOUT_MS = 120_000;
/** How long a stopped group may take to exit. */
const GONE_TIMEOUT_MS = 20_000;

/** A running `npm start`. */
export interface RunningLocal {
  /** Where the server listens, e.g. `http://127.0.0.1:43210`. */
  readonly baseUrl: string;
  /** The pid of the Node process that runs local-run.ts (below npm, sh and tsx). */
  readonly serverPid: number;
  /** The pid of the DynamoDB Local Java process, when `npm start` started one itself. */
  readonly javaPid?: number;
  /** Everything printed on stdout and stderr so far. */
  output(): string;
  /** Resolves with npm's exit code once it exits. */
  readonly exited: Promise<number | null>;
  /** Sends SIGINT to the whole process group, as Ctrl-C in a terminal does. */
  interrupt(): void;
  /** Waits (bounded) until no process of the group is left; true when none is. */
  gone(timeoutMs?: number): Promise<boolean>;
  /** `interrupt()` if the group still runs, then `gone()`. */
  stop(timeoutMs?: number): Promise<boolean>;
}

/** True while a process with this pid exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A negative pid addresses the process group. */
const groupAlive = (pgid: number) => processAlive(-pgid);

async function groupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  return !groupAlive(pgid);
}

async function stopGroup(pgid: number, timeoutMs: number): Promise<boolean> {
  if (groupAlive(pgid)) process.kill(-pgid, 'SIGINT');
  return groupGone(pgid, timeoutMs);
}

/**
 * Starts `npm start` with `env` and resolves once it prints `Ready: <url>  (pid N; …`. Rejects, after
 * stopping the group, when it exits first or is not ready within 120 s; the error holds its output.
 */
export function npmStart(env: NodeJS.ProcessEnv): Promise<RunningLocal> {
  const child = spawn('npm', ['start'], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pgid = child.pid!;
  let output = '';
  let ready = false;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      void stopGroup(pgid, GONE_TIMEOUT_MS).then(() => reject(new Error(`npm start ${why}:\n${output}`)));
    };
    const timer = setTimeout(() => fail('did not get ready'), READY_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (ready) return;
      const line = /Ready: (http:\/\/127\.0\.0\.1:\d+) {2}\(pid (\d+);/.exec(output);
      if (!line) return;
      ready = true;
      clearTimeout(timer);
      const java = /java pid (\d+)/.exec(output);
      resolve({
        baseUrl: line[1]!,
        serverPid: Number(line[2]),
        ...(java ? { javaPid: Number(java[1]) } : {}),
        output: () => output,
        exited,
        interrupt: () => process.kill(-pgid, 'SIGINT'),
        gone: (timeoutMs = GONE_TIMEOUT_MS) => groupGone(pgid, timeoutMs),
        stop: (timeoutMs = GONE_TIMEOUT_MS) => stopGroup(pgid, timeoutMs),
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      if (!ready) fail(`exited with ${code}`);
    });
  });
}
