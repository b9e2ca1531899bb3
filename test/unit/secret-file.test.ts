/**
 * `--out-file`: nothing half-done. The file is created before the change; a failed change leaves no file;
 * a failed write leaves no file and takes the change back (or says how to redo it); a success leaves a
 * file of mode 0600 that holds the secrets. Real files in a temporary directory.
 */
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withSecretFile } from '../../tools/admin/secret-file';

const dir = mkdtempSync(join(tmpdir(), 'infoauth-secret-file-'));
const split = (result: { id: string; secret: string }) => ({
  secrets: { secret: result.secret },
  shown: { id: result.id },
});
const noSpace = () => {
  throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
};

describe('withSecretFile', () => {
  it('creates the file before the change, then writes the secrets to it with mode 0600', async () => {
    // Prepare
    const path = join(dir, 'ok.json');
    let existedDuringChange = false;
    // Act
    const shown = await withSecretFile(path, {
      action: () => {
        existedDuringChange = existsSync(path);
        return Promise.resolve({ id: 'c1', secret: 's3cret' });
      },
      split,
      redo: 'again',
    });
    // Assess
    expect(existedDuringChange).toBe(true);
    expect(shown).toEqual({ id: 'c1', secretsFile: path });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ secret: 's3cret' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('removes the empty file when the change fails', async () => {
    // Prepare
    const path = join(dir, 'change-failed.json');
    // Act
    const run = withSecretFile(path, { action: () => Promise.reject(new Error('refused')), split, redo: 'again' });
    // Assess
    await expect(run).rejects.toThrow('refused');
    expect(existsSync(path)).toBe(false);
  });

  it('takes the change back and removes the file when the secrets cannot be written', async () => {
    // Prepare
    const path = join(dir, 'write-failed.json');
    const undone: string[] = [];
    // Act
    const run = withSecretFile(
      path,
      {
        action: () => Promise.resolve({ id: 'c2', secret: 's3cret' }),
        split,
        undo: (result) => {
          undone.push(result.id);
          return Promise.resolve();
        },
        redo: 'again',
      },
      noSpace,
    );
    // Assess
    await expect(run).rejects.toThrow(`cannot write the secrets file ${path} (ENOSPC); nothing was changed`);
    expect(undone).toEqual(['c2']);
    expect(existsSync(path)).toBe(false);
  });

  it('says how to redo a change it cannot take back when the secrets cannot be written', async () => {
    // Prepare
    const path = join(dir, 'write-failed-no-undo.json');
    // Act
    const run = withSecretFile(
      path,
      { action: () => Promise.resolve({ id: 'c3', secret: 's3cret' }), split, redo: 'run rotate-secret again' },
      noSpace,
    );
    // Assess
    await expect(run).rejects.toThrow(`cannot write the secrets file ${path} (ENOSPC): run rotate-secret again`);
    expect(existsSync(path)).toBe(false);
  });
});
