/**
 * `--out-file <path>`: the secrets a command makes (a client secret, a private key) go to a new file that
 * only its owner can read, instead of stdout, where terminals, scrollback and CI logs keep them.
 *
 * The file is opened before anything is changed, with O_CREAT | O_EXCL and mode 0600: an existing path
 * (also a symlink, even a dangling one) is refused, and a file that cannot be created stops the command
 * before it creates or rotates anything.
 */
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { InfoauthError } from '../../lambdas/core/errors';

export const SECRET_FILE_MODE = 0o600;

function cannotCreate(path: string, error: unknown): InfoauthError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'EEXIST'
      ? 'it already exists (a secrets file is never overwritten; choose a new path)'
      : code === 'ENOENT'
        ? 'its directory does not exist'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a directory'
            : String(code);
  return new InfoauthError('invalid-input', `cannot create the secrets file ${path}: ${why}`);
}

export interface SecretFileUse<T, R extends object> {
  /** Makes the change that produces the secrets (e.g. creates the configuration). */
  readonly action: () => Promise<T>;
  /** What of the result goes to the file, and what is printed instead of it. */
  readonly split: (result: T) => { readonly secrets: Readonly<Record<string, unknown>>; readonly shown: R };
  /** Takes the change back when its secrets cannot be written (e.g. deletes the new configuration). */
  readonly undo?: (result: T) => Promise<void>;
  /** What the operator should do when the secrets were not written and there is no undo. */
  readonly redo: string;
}

/** How the secrets reach the open file: `fs.writeSync` (a test can pass one that fails). */
export type WriteSecrets = (fd: number, text: string) => void;

const writeAll: WriteSecrets = (fd, text) => {
  writeSync(fd, text);
};

/**
 * Runs a change whose secrets go to a new file at `path`: the file is created first (mode 0600, never
 * over an existing path), then the change is made, then its secrets are written. When the change fails,
 * the empty file is removed again (a retry with the same path works); when the write fails, the file is
 * removed and the change taken back if it can be, so no configuration is left whose secret no one has.
 * @returns the printed part of the result, with `secretsFile` naming where the secrets went
 */
export async function withSecretFile<T, R extends object>(
  path: string,
  use: SecretFileUse<T, R>,
  write: WriteSecrets = writeAll,
): Promise<R & { readonly secretsFile: string }> {
  let fd: number;
  try {
    fd = openSync(path, 'wx', SECRET_FILE_MODE);
  } catch (error) {
    throw cannotCreate(path, error);
  }
  let result: T;
  try {
    result = await use.action();
  } catch (error) {
    closeSync(fd);
    unlinkSync(path);
    throw error;
  }
  const { secrets, shown } = use.split(result);
  let failure: unknown;
  try {
    write(fd, `${JSON.stringify(secrets, null, 2)}\n`);
  } catch (error) {
    failure = error;
  } finally {
    closeSync(fd);
  }
  if (failure === undefined) return { ...shown, secretsFile: path };
  unlinkSync(path);
  const code = String((failure as NodeJS.ErrnoException).code);
  if (use.undo) {
    await use.undo(result);
    throw new InfoauthError(
      'dependency-failed',
      `cannot write the secrets file ${path} (${code}); nothing was changed`,
      {
        cause: failure,
      },
    );
  }
  throw new InfoauthError('dependency-failed', `cannot write the secrets file ${path} (${code}): ${use.redo}`, {
    cause: failure,
  });
}
