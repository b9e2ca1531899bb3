/**
 * Runs every code path of `npm run bench` once with tiny counts, so the bench cannot rot. No budgets and
 * no timing assertions here (shared, noisy machines): only that each measurement ran, on working
 * sign-ins, and that the counts which do not depend on timing are what the design says.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FULL_RUN, runBench, type BenchResults, type BenchSettings } from '../../bench/run';

const SMOKE_TIMEOUT_MS = 240_000;

describe('npm run bench (smoke: tiny counts, no budgets)', () => {
  let dir: string;
  let settings: BenchSettings;
  let results: BenchResults;

  beforeAll(async () => {
    // Prepare: the test run's DynamoDB Local, a throwaway results file, a few of everything.
    dir = mkdtempSync(join(tmpdir(), 'infoauth-bench-smoke-'));
    settings = {
      ...FULL_RUN,
      dynamoEndpoint: process.env.INFOAUTH_TEST_DYNAMO_ENDPOINT,
      clients: 2,
      coldStartRuns: 1,
      warmRounds: 1,
      warmUpSignIns: 3,
      measuredSignIns: 10,
      throughput: {
        warmUpRequests: 2,
        levels: [
          { concurrency: 1, requests: 3 },
          { concurrency: 16, requests: 16 },
        ],
      },
      kmsCalls: { signIns: 3, replays: 4 },
      faultRuns: 1,
      resultsFile: join(dir, 'latest.json'),
      progress: false,
    };

    // Act
    results = await runBench(settings);
  }, SMOKE_TIMEOUT_MS);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const row = (section: string, measure: string) => {
    const found = results.rows.find((candidate) => candidate.section === section && candidate.measure === measure);
    if (!found) throw new Error(`no row ${section}: ${measure}`);
    return found;
  };

  it('measures every section with finite figures, against the floor or the ceiling where it compares', () => {
    // Assess
    const sections = new Set(results.rows.map((candidate) => candidate.section));
    expect([...sections]).toEqual(['bundle', 'cold start', 'warm', 'dynamodb', 'kms', 'throughput', 'memory']);
    for (const candidate of results.rows) {
      expect(Number.isFinite(candidate.ours)).toBe(true);
      if (candidate.reference !== undefined) expect(Number.isFinite(candidate.ratio)).toBe(true);
    }
  });

  it('counts two DynamoDB calls for an uncached sign-in, one for an unknown client, at the HTTP layer', () => {
    // Assess
    expect(row('dynamodb', 'calls per sign-in (settings not cached)').ours).toBe(2);
    expect(row('dynamodb', 'calls per unknown client').ours).toBe(1);
    expect(row('throughput', 'DynamoDB calls per sign-in at 16').reference).toBe(2);
  });

  it('counts one KMS call per kms-mode sign-in and none for a replay of a used token, at the HTTP layer', () => {
    // Assess
    expect(row('kms', 'calls per sign-in (kms mode)').ours).toBe(1);
    expect(row('kms', 'calls per replay of a used token (kms mode)').ours).toBe(0);
    expect(row('kms', 'calls, first sign-in of a process (kms mode, + key check)').ours).toBe(2);
    expect(results.details.kmsCalls).toMatchObject({ signIns: 3, replays: 4 });
    // A hanging or unreachable DynamoDB gives 105 (the run throws otherwise) within the contract's 10 s.
    expect(results.details.faults).toMatchObject({ runs: 1 });
    for (const measure of ['105 when DynamoDB hangs (slowest)', '105 when DynamoDB is unreachable (slowest)']) {
      expect(row('dynamodb', measure).ours).toBeGreaterThan(0);
      expect(row('dynamodb', measure).ours).toBeLessThan(10_000);
    }
  });

  it('sizes every shipped file of both bundles (bundle and source map)', () => {
    // Assess
    const bundles = results.details.bundles as {
      ours: { files: { name: string }[] };
      floor: { files: { name: string }[] };
    };
    expect(bundles.ours.files.map((file) => file.name)).toEqual(['index.mjs', 'index.mjs.map']);
    expect(bundles.floor.files.map((file) => file.name)).toEqual(['index.mjs', 'index.mjs.map']);
    expect(row('bundle', 'all shipped files, raw').ours).toBeGreaterThan(row('bundle', 'index.mjs, raw').ours);
  });

  it('prices a million sign-ins with the KMS Sign calls only in kms mode, and writes the JSON', () => {
    // Assess
    const cost = results.details.cost as { lines: { item: string; wrapped: number; kms: number }[] };
    const kmsLine = cost.lines.find((line) => line.item.startsWith('KMS Sign'));
    expect(kmsLine).toMatchObject({ wrapped: 0 });
    expect(kmsLine!.kms).toBeGreaterThan(0);
    const written = JSON.parse(readFileSync(settings.resultsFile, 'utf8')) as BenchResults;
    expect(written.rows).toHaveLength(results.rows.length);
  });
});
