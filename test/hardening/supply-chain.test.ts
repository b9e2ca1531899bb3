/**
 * Supply chain: every dependency is pinned to one exact version, the lock file pins the whole tree with
 * integrity hashes, and what is installed is what the lock file says. (`npm audit --omit=dev
 * --audit-level=high` needs the registry's audit endpoint, so it runs as a CI step, not here:
 * docs/security.md.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

interface LockPackage {
  readonly version?: string;
  readonly integrity?: string;
  readonly link?: boolean;
  readonly inBundle?: boolean;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as T;
const manifest = readJson<{ dependencies: Record<string, string>; devDependencies: Record<string, string> }>(
  'package.json',
);
const lock = readJson<{ lockfileVersion: number; packages: Record<string, LockPackage> }>('package-lock.json');
const direct = { ...manifest.dependencies, ...manifest.devDependencies };
const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

describe('dependencies are pinned', () => {
  it.each(Object.entries(direct))('package.json pins %s to an exact version', (_name, version) => {
    // Assess
    expect(version).toMatch(EXACT_VERSION);
  });

  it('the lock file records the same direct dependencies as package.json', () => {
    // Assess
    const root = lock.packages[''];
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(3);
    expect({ ...root?.dependencies, ...root?.devDependencies }).toEqual(direct);
  });

  it('the lock file pins every package of the tree to a version with a sha512 integrity hash', () => {
    // Prepare
    const entries = Object.entries(lock.packages).filter(
      ([path, entry]) => path !== '' && !entry.link && !entry.inBundle,
    );
    // Assess
    expect(entries.length).toBeGreaterThan(100);
    const unpinned = entries.filter(([, entry]) => !entry.version || !entry.integrity?.startsWith('sha512-'));
    expect(unpinned.map(([path]) => path)).toEqual([]);
  });

  it.each(Object.keys(direct))('the installed %s is the version of the lock file', (name) => {
    // Prepare
    const installed = readJson<{ version: string }>(join('node_modules', name, 'package.json'));
    // Assess
    expect(installed.version).toBe(lock.packages[`node_modules/${name}`]?.version);
  });
});
