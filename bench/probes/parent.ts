/** How a bench probe talks to the bench that forked it: its arguments and the IPC channel. */

/** The probe's command-line argument at `index` (after the script), or an error naming it. */
export function probeArgument(index: number, what: string): string {
  const value = process.argv[2 + index];
  if (value === undefined) throw new Error(`the probe needs ${what} as argument ${index + 1}`);
  return value;
}

/** Sends a message to the bench; a probe started without an IPC channel is a usage error. */
export function sendToBench(message: unknown, then?: () => void): void {
  if (!process.send) throw new Error('the probe must be forked by the bench (no IPC channel)');
  process.send(message, undefined, undefined, then);
}
