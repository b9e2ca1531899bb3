/**
 * Captures every line the process writes to stdout and stderr (Powertools Logger and Metrics write JSON
 * lines there through their own Console), so hardening tests can read the handler's log lines and scan
 * them for leaked secrets. Captured output is kept, not printed: thousands of fuzzed requests would
 * otherwise flood the test report.
 */

type Write = typeof process.stdout.write;

export interface LogCapture {
  /** Every complete line written since the capture started. */
  readonly lines: string[];
  /** The handler's JSON log line for one request ref (`sso refused` / `sso sign-in`), if any. */
  lineFor(ref: string): Record<string, unknown> | undefined;
  /** Restores the original writers. */
  stop(): void;
}

function parseJsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Starts capturing stdout and stderr. Call `stop()` in `afterAll`. */
export function captureLogs(): LogCapture {
  const lines: string[] = [];
  const byRef = new Map<string, Record<string, unknown>>();
  const pending = { stdout: '', stderr: '' };
  // Kept to be put back as they were; they are never called detached from their stream.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };

  const collect = (stream: 'stdout' | 'stderr') =>
    function write(chunk: unknown, ...rest: unknown[]): boolean {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      const parts = (pending[stream] + text).split('\n');
      pending[stream] = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        const json = parseJsonLine(line);
        if (json && typeof json.ref === 'string') byRef.set(json.ref, json);
      }
      const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
      callback?.();
      return true;
    } as Write;

  process.stdout.write = collect('stdout');
  process.stderr.write = collect('stderr');
  return {
    lines,
    lineFor: (ref) => byRef.get(ref),
    stop() {
      process.stdout.write = originals.stdout;
      process.stderr.write = originals.stderr;
      for (const rest of [pending.stdout, pending.stderr]) if (rest !== '') lines.push(rest);
    },
  };
}
