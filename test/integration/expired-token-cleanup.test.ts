import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ExpiredTokenSweeper } from '../../lambdas/adapters/dynamodb/expired-token-sweeper';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { HEALTH_PROBE_PK, PARTITION_KEY, TTL_ATTRIBUTE, type TableNames } from '../../lambdas/adapters/dynamodb/tables';
import { createCleanupHandler, STOP_MARGIN_MS } from '../../lambdas/cleanup/app';
import { dynamoEndpoint, freshTables } from '../support/sso-fixture';

const NOW = 1_900_000_000;
const client = createDocumentClient({ endpoint: dynamoEndpoint(), requestTimeoutMs: 10_000 });
let tables: TableNames;
beforeAll(async () => {
  tables = await freshTables();
});
afterAll(() => client.destroy());

async function record(pk: string, expiresAt: number): Promise<void> {
  await client.send(
    new PutCommand({
      TableName: tables.usedTokens,
      Item: { [PARTITION_KEY]: pk, [TTL_ATTRIBUTE]: expiresAt, attemptId: 'a' },
    }),
  );
}
async function exists(pk: string): Promise<boolean> {
  const { Item } = await client.send(
    new GetCommand({ TableName: tables.usedTokens, Key: { [PARTITION_KEY]: pk }, ConsistentRead: true }),
  );
  return Item !== undefined;
}

describe('the cleanup of expired used tokens (DynamoDB Local)', () => {
  it('deletes every expired record over several pages and keeps the live ones', async () => {
    // Prepare: 25 expired, 5 expiring exactly now (not yet gone: TTL deletes only what is past), 10 live
    const expired = Array.from({ length: 25 }, (_, index) => `acme#expired-${index}`);
    const boundary = Array.from({ length: 5 }, (_, index) => `acme#now-${index}`);
    const live = Array.from({ length: 10 }, (_, index) => `acme#live-${index}`);
    await Promise.all([
      ...expired.map((pk, index) => record(pk, NOW - 1 - index)),
      ...boundary.map((pk) => record(pk, NOW)),
      ...live.map((pk, index) => record(pk, NOW + 1 + index)),
    ]);
    // Act
    const result = await new ExpiredTokenSweeper(client, tables.usedTokens).sweep({ nowSeconds: NOW, pageSize: 7 });
    // Assess
    expect(result).toEqual({ scanned: 40, deleted: 25, skipped: 0, complete: true });
    expect(await Promise.all(expired.map(exists))).toEqual(expired.map(() => false));
    expect(await Promise.all([...boundary, ...live].map(exists))).toEqual([...boundary, ...live].map(() => true));
    expect(await exists(HEALTH_PROBE_PK)).toBe(false);
  });

  it('stops before a page when time runs short, and the next run finishes', async () => {
    // Prepare
    const pks = Array.from({ length: 6 }, (_, index) => `beta#old-${index}`);
    await Promise.all(pks.map((pk) => record(pk, NOW - 100)));
    const sweeper = new ExpiredTokenSweeper(client, tables.usedTokens);
    let pagesAllowed = 1;
    // Act
    const first = await sweeper.sweep({ nowSeconds: NOW, pageSize: 2, mayContinue: () => pagesAllowed-- > 0 });
    const second = await sweeper.sweep({ nowSeconds: NOW, pageSize: 2 });
    // Assess
    expect(first.complete).toBe(false);
    expect(first.deleted + second.deleted).toBeGreaterThanOrEqual(1);
    expect(second.complete).toBe(true);
    expect(await Promise.all(pks.map(exists))).toEqual(pks.map(() => false));
  });

  it('runs from the scheduled handler with the injected clock, and stops when the function has little time left', async () => {
    // Prepare
    await record('gamma#old', NOW - 5);
    const logged: unknown[] = [];
    const handler = createCleanupHandler({
      sweeper: new ExpiredTokenSweeper(client, tables.usedTokens),
      clock: () => new Date(NOW * 1000),
      logger: { info: (...args: unknown[]) => void logged.push(args) },
    });
    // Act
    const short = await handler({}, { getRemainingTimeInMillis: () => STOP_MARGIN_MS - 1 });
    const stillThere = await exists('gamma#old');
    const full = await handler({}, { getRemainingTimeInMillis: () => 60_000 });
    // Assess
    expect(short).toEqual({ scanned: 0, deleted: 0, skipped: 0, complete: false });
    expect(stillThere).toBe(true);
    expect(full.complete).toBe(true);
    expect(await exists('gamma#old')).toBe(false);
    expect(logged).toHaveLength(2);
  });
});
