/**
 * How the Lambda code is bundled, in one place: the stack's NodejsFunctions use {@link LAMBDA_BUNDLING},
 * and the benchmark builds the same artifact with esbuild's API from {@link LAMBDA_ESBUILD_OPTIONS}.
 * Both are derived from {@link LAMBDA_BUNDLE}, so they cannot drift apart.
 *
 * - ESM, minified, for the Lambda runtime's Node major (the project pins Node 24).
 * - The AWS SDK is bundled rather than taken from the runtime: tree-shaken and minified it loads faster
 *   than the runtime's full copy, and the code runs against the SDK version it was tested with.
 * - A `require` made with createRequire, for the CommonJS dependencies that require Node built-ins.
 * - External source maps without sources (small); the stack does not turn on `--enable-source-maps`,
 *   because mapping stack traces at run time costs cold-start time (see the benchmark).
 */
import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

export const REPOSITORY_ROOT = join(import.meta.dirname, '..');

/** The SSO and JWKS Lambda's entry point. */
export const SSO_ENTRY = join(REPOSITORY_ROOT, 'lambdas', 'sso', 'handler.ts');

/** The custom resource that creates the first assertion signing key. */
export const KEY_SETUP_ENTRY = join(REPOSITORY_ROOT, 'lambdas', 'key-setup', 'handler.ts');

/** The scheduled cleanup of expired used tokens (multi-region deployments). */
export const CLEANUP_ENTRY = join(REPOSITORY_ROOT, 'lambdas', 'cleanup', 'handler.ts');

/** A unique alias, so the banner cannot collide with a bundled `createRequire`. */
export const CREATE_REQUIRE_BANNER =
  "import { createRequire as __infoauthCreateRequire } from 'node:module'; const require = __infoauthCreateRequire(import.meta.url);";

/** The one description of the bundle. */
export const LAMBDA_BUNDLE = {
  target: 'node24',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  /** Prefer the ES module builds of dependencies (the SDK ships both): better tree shaking. */
  mainFields: ['module', 'main'],
  banner: CREATE_REQUIRE_BANNER,
  /** Nothing is left to the runtime: the AWS SDK is bundled too. */
  externalModules: [] as string[],
} as const;

/** For `new NodejsFunction(..., { bundling: LAMBDA_BUNDLING })`: local esbuild, never Docker. */
export const LAMBDA_BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: LAMBDA_BUNDLE.target,
  minify: LAMBDA_BUNDLE.minify,
  sourceMap: LAMBDA_BUNDLE.sourceMap,
  sourcesContent: LAMBDA_BUNDLE.sourcesContent,
  mainFields: [...LAMBDA_BUNDLE.mainFields],
  banner: LAMBDA_BUNDLE.banner,
  externalModules: [...LAMBDA_BUNDLE.externalModules],
  forceDockerBundling: false,
};

/**
 * The same bundle with esbuild's API. Add `entryPoints` and `outfile` (an `.mjs` file, as the stack's
 * artifact is `index.mjs`).
 *
 * @example
 * await esbuild.build({ ...LAMBDA_ESBUILD_OPTIONS, entryPoints: [SSO_ENTRY], outfile: 'bench/out/index.mjs' });
 */
export const LAMBDA_ESBUILD_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: LAMBDA_BUNDLE.target,
  minify: LAMBDA_BUNDLE.minify,
  sourcemap: LAMBDA_BUNDLE.sourceMap,
  sourcesContent: LAMBDA_BUNDLE.sourcesContent,
  mainFields: [...LAMBDA_BUNDLE.mainFields],
  banner: { js: LAMBDA_BUNDLE.banner },
  external: [...LAMBDA_BUNDLE.externalModules],
};
