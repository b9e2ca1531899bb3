/**
 * Builds what the bench runs, with the stack's own esbuild options (lib/sso-bundling.ts): the SSO function
 * and the floor exactly as they would ship, the warm probes over the same code, and the cold-start probe.
 * Sizes count every file that ships (the bundle and its source map), raw and gzip.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { LAMBDA_ESBUILD_OPTIONS, REPOSITORY_ROOT, SSO_ENTRY } from '../lib/sso-bundling';

export interface ShippedFile {
  readonly name: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface BundleSize {
  /** index.mjs, the code the runtime loads. */
  readonly main: ShippedFile;
  readonly files: readonly ShippedFile[];
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface BenchBuild {
  readonly dir: string;
  readonly ssoBundle: string;
  readonly floorBundle: string;
  readonly ssoSize: BundleSize;
  readonly floorSize: BundleSize;
  readonly warmSsoProbe: string;
  readonly warmFloorProbe: string;
  readonly coldStartProbe: string;
  readonly throughputServer: string;
  /** Removes the build directory. */
  remove(): void;
}

const BENCH_DIR = join(REPOSITORY_ROOT, 'bench');

/** Bundles `entry` as the stack does, to `<dir>/<name>/index.mjs` (and its source map); returns index.mjs. */
async function bundleLikeTheStack(entry: string, dir: string, name: string): Promise<string> {
  const outfile = join(dir, name, 'index.mjs');
  const result = await build({ ...LAMBDA_ESBUILD_OPTIONS, entryPoints: [entry], outfile, logLevel: 'error' });
  if (result.errors.length > 0) throw new Error(`bundling ${entry} failed`);
  return outfile;
}

function shippedFile(file: string): ShippedFile {
  const content = readFileSync(file);
  return { name: basename(file), bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
}

function sizeOf(bundle: string): BundleSize {
  const main = shippedFile(bundle);
  const shipped = [main, shippedFile(`${bundle}.map`)];
  return {
    main,
    files: shipped,
    bytes: shipped.reduce((sum, file) => sum + file.bytes, 0),
    gzipBytes: shipped.reduce((sum, file) => sum + file.gzipBytes, 0),
  };
}

/** Builds everything into a fresh temporary directory. */
export async function buildBench(): Promise<BenchBuild> {
  const dir = mkdtempSync(join(tmpdir(), 'infoauth-bench-'));
  const [ssoBundle, floorBundle] = await Promise.all([
    bundleLikeTheStack(SSO_ENTRY, dir, 'sso'),
    bundleLikeTheStack(join(BENCH_DIR, 'floor.ts'), dir, 'floor'),
    bundleLikeTheStack(join(BENCH_DIR, 'probes', 'warm-sso-entry.ts'), dir, 'warm-sso'),
    bundleLikeTheStack(join(BENCH_DIR, 'probes', 'warm-floor-entry.ts'), dir, 'warm-floor'),
  ]);
  const coldStartProbe = join(dir, 'cold-start-probe.mjs');
  await build({
    entryPoints: [join(BENCH_DIR, 'probes', 'cold-start-probe.ts')],
    outfile: coldStartProbe,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    logLevel: 'error',
  });
  return {
    dir,
    ssoBundle,
    floorBundle,
    ssoSize: sizeOf(ssoBundle),
    floorSize: sizeOf(floorBundle),
    warmSsoProbe: join(dir, 'warm-sso', 'index.mjs'),
    warmFloorProbe: join(dir, 'warm-floor', 'index.mjs'),
    coldStartProbe,
    // Run from source through tsx, as `npm start` runs the local server.
    throughputServer: join(BENCH_DIR, 'probes', 'local-server-probe.ts'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** For messages: a path relative to the repository. */
export const shortPath = (path: string): string => relative(REPOSITORY_ROOT, path);
