/** The one progress line the bench keeps updating on stderr while it runs (a line per step when not a terminal). */
export interface Progress {
  update(text: string): void;
  done(): void;
}

export function createProgress(enabled: boolean): Progress {
  const tty = process.stderr.isTTY;
  const started = Date.now();
  let last = '';
  return {
    update(text) {
      if (!enabled) return;
      const line = `[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`;
      if (tty) process.stderr.write(`\r\x1b[2K${line}`);
      else if (text !== last) process.stderr.write(`${line}\n`);
      last = text;
    },
    done() {
      if (enabled && tty) process.stderr.write('\r\x1b[2K');
    },
  };
}
