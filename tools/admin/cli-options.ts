/** Option parsers and file reading for the admin CLI: bad values become clear usage errors. */
import { readFileSync, statSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { InfoauthError } from '../../lambdas/core/errors';

const MAX_SECONDS = 31_536_000;
/** Key files are a few kilobytes; anything larger is not one. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

/** Parses a whole number of seconds (0 to one year), for commander's `argParser`. */
export function parseSeconds(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > MAX_SECONDS) {
    throw new InvalidArgumentError(`expected a whole number of seconds from 0 to ${MAX_SECONDS}.`);
  }
  return Number(value);
}

/** Collects a repeatable option into a list. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** What a command line names to read standard input instead of a file. */
export const STDIN_PATH = '-';

/** Reads standard input to its end, up to the size of a key file (InfoauthError 'invalid-input' beyond). */
async function readStdin(what: string, stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > MAX_KEY_FILE_BYTES) {
      throw new InfoauthError('invalid-input', `${what} on standard input is larger than ${MAX_KEY_FILE_BYTES} bytes`);
    }
    chunks.push(bytes);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new InfoauthError('invalid-input', `${what} on standard input is empty`);
  return text;
}

/**
 * Reads a small input given on the command line: a file, or standard input when the path is `-`, so that
 * a token or a private key need not appear in the command (and the shell's history).
 */
export function readInput(path: string, what: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  return path === STDIN_PATH ? readStdin(what, stdin) : Promise.resolve(readKeyFile(path, what));
}

/** Reads a small text file given on the command line, or throws InfoauthError('invalid-input'). */
export function readKeyFile(path: string, what: string): string {
  try {
    if (statSync(path).size > MAX_KEY_FILE_BYTES) {
      throw new InfoauthError('invalid-input', `${what} ${path} is larger than ${MAX_KEY_FILE_BYTES} bytes`);
    }
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof InfoauthError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(code);
    throw new InfoauthError('invalid-input', `cannot read ${what} ${path}: ${why}`);
  }
}
