/**
 * The audit trail on DynamoDB Local: every admin change leaves one record in the same transaction, the
 * records never hold a secret, hash or private key, and a change whose record cannot be written does
 * not happen.
 */
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoAuditTrail } from '../../lambdas/adapters/dynamodb/audit-trail';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { DynamoSsoAdminStore } from '../../lambdas/adapters/dynamodb/sso-admin-store';
import { NOT_RECORDED } from '../../lambdas/core/audit';
import { hashSecret } from '../../lambdas/core/client-secret';
import { listAudit } from '../../tools/admin/audit-commands';
import { createConfig, deleteConfig, rotateSecret } from '../../tools/admin/config-commands';
import { rotateKeys } from '../../tools/admin/key-commands';
import { setSso, ssoStatus } from '../../tools/admin/sso-commands';
import { createTestAdmin, TEST_ACTOR, type TestAdmin } from '../cli/admin-deps-for-tests';
import { dynamoEndpoint } from '../support/sso-fixture';

let admin: TestAdmin;
beforeAll(async () => {
  admin = await createTestAdmin();
});
afterAll(() => admin.close());
afterEach(() => admin.setNow(undefined));

const newCid = () => `cid-${randomUUID().slice(0, 8)}`;

async function rawAuditItems(tableName: string): Promise<Record<string, unknown>[]> {
  const client = createDocumentClient({ endpoint: dynamoEndpoint(), requestTimeoutMs: 5000 });
  const { Items } = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }));
  client.destroy();
  return Items ?? [];
}

describe('every admin change leaves one audit record', () => {
  it('records create, rotate-secret, SSO switches and delete with time, actor, ids and changed fields', async () => {
    // Prepare
    const cid = newCid();
    const t0 = new Date('2031-03-01T10:00:00.000Z');
    // Act
    admin.setNow(t0);
    const created = await createConfig(admin, { cid, targetUrl: 'https://app.example.test/in' });
    admin.setNow(new Date(t0.getTime() + 1000));
    await setSso(admin, cid, true);
    admin.setNow(new Date(t0.getTime() + 2000));
    const rotated = await rotateSecret(admin, created.clientId, 600);
    admin.setNow(new Date(t0.getTime() + 3000));
    await setSso(admin, cid, false);
    admin.setNow(new Date(t0.getTime() + 4000));
    await deleteConfig(admin, created.clientId);
    const { records } = await listAudit(admin, { clientId: created.clientId });
    // Assess
    expect(records.map((record) => [record.at, record.action, record.clientId, record.cid, record.actor])).toEqual([
      ['2031-03-01T10:00:04.000Z', 'config delete', created.clientId, cid, TEST_ACTOR],
      ['2031-03-01T10:00:03.000Z', 'sso disable', undefined, cid, TEST_ACTOR],
      ['2031-03-01T10:00:02.000Z', 'config rotate-secret', created.clientId, cid, TEST_ACTOR],
      ['2031-03-01T10:00:01.000Z', 'sso enable', undefined, cid, TEST_ACTOR],
      ['2031-03-01T10:00:00.000Z', 'config create', created.clientId, cid, TEST_ACTOR],
    ]);
    expect(records[1]?.changes).toEqual({ ssoEnabled: false });
    expect(records[2]?.changes).toEqual({
      secret: NOT_RECORDED,
      previousSecretValidUntil: rotated.previousSecretValidUntil,
    });
    expect(records[4]?.changes).toEqual({
      cid,
      clientId: created.clientId,
      secret: NOT_RECORDED,
      targetUrl: 'https://app.example.test/in',
      allowedOrigins: ['https://app.example.test'],
      keys: [created.signingKey?.kid],
      maxTokenAge: 300,
      clockTolerance: 30,
      assertionDelivery: 'query',
      requireAud: false,
    });
  });

  it('records keys rotate with the new kid and times, and nothing of the private key', async () => {
    // Prepare
    admin.setNow(new Date('2031-04-01T00:00:00.000Z'));
    // Act
    const rotated = await rotateKeys(admin, 0);
    const { records } = await listAudit(admin, { sinceSeconds: 60 });
    // Assess
    expect(records[0]).toMatchObject({
      action: 'keys rotate',
      actor: TEST_ACTOR,
      changes: {
        ringVersion: rotated.version,
        keys: expect.arrayContaining([{ kid: rotated.kid, activeFrom: '2031-04-01T00:00:00.000Z' }]),
      },
    });
  });

  it('never holds a secret, a secret hash, a private JWK or a wrapped private key', async () => {
    // Prepare
    const created = await createConfig(admin, { cid: newCid(), targetUrl: 'https://app.example.test/' });
    const first = await rotateSecret(admin, created.clientId, 3600);
    const second = await rotateSecret(admin, created.clientId, 3600);
    await rotateKeys(admin, 0);
    const ring = await admin.keyRing.load();
    // Act
    const stored = JSON.stringify(await rawAuditItems(admin.tables.audit));
    // Assess
    const secrets = [created.clientSecret, first.clientSecret, second.clientSecret];
    const forbidden = [
      ...secrets,
      ...secrets.map(hashSecret),
      String(created.signingKey?.privateJwk.d),
      ...(ring?.keys ?? []).map((key) => String(key.wrappedPrivateKey)),
    ];
    expect(stored).toContain(created.clientId);
    for (const value of forbidden) expect(stored).not.toContain(value);
    expect(stored).not.toMatch(/"d"\s*:/);
  });
});

describe('audit listing', () => {
  it('lists newest first, narrowed by --since, by client id (with its CID switches) and by CID', async () => {
    // Prepare
    const [cidA, cidB] = [newCid(), newCid()];
    admin.setNow(new Date('2032-01-01T00:00:00.000Z'));
    const a = await createConfig(admin, { cid: cidA, targetUrl: 'https://a.example.test/' });
    admin.setNow(new Date('2032-01-01T01:00:00.000Z'));
    const b = await createConfig(admin, { cid: cidB, targetUrl: 'https://b.example.test/' });
    admin.setNow(new Date('2032-01-01T02:00:00.000Z'));
    await setSso(admin, cidA, true);
    admin.setNow(new Date('2032-01-01T02:00:01.000Z'));
    await setSso(admin, cidB, true);
    // Act
    admin.setNow(new Date('2032-01-01T02:30:00.000Z'));
    const ofA = await listAudit(admin, { clientId: a.clientId });
    const recent = await listAudit(admin, { sinceSeconds: 2 * 3600 });
    const ofCidB = await listAudit(admin, { cid: cidB });
    // Assess
    expect(ofA.records.map((record) => record.action)).toEqual(['sso enable', 'config create']);
    expect(ofA.records.every((record) => record.cid === cidA)).toBe(true);
    expect(recent.since).toBe('2032-01-01T00:30:00.000Z');
    expect(recent.records.map((record) => [record.action, record.cid])).toEqual([
      ['sso enable', cidB],
      ['sso enable', cidA],
      ['config create', cidB],
    ]);
    expect(ofCidB.records.map((record) => [record.action, record.clientId])).toEqual([
      ['sso enable', undefined],
      ['config create', b.clientId],
    ]);
  });

  it('refuses a malformed client id or CID as bad input', async () => {
    await expect(listAudit(admin, { clientId: 'no spaces' })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(listAudit(admin, { cid: '#x' })).rejects.toMatchObject({ code: 'invalid-input' });
  });
});

describe('a change whose audit record cannot be written does not happen', () => {
  let broken: TestAdmin;
  beforeAll(async () => {
    broken = await createTestAdmin();
    const client = new DynamoDBClient({
      endpoint: dynamoEndpoint(),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await client.send(new DeleteTableCommand({ TableName: broken.tables.audit }));
    client.destroy();
  });
  afterAll(() => broken.close());

  it('creates no configuration, switches nothing and rotates no key when the audit table is missing', async () => {
    // Prepare
    const cid = newCid();
    // Act
    const attempts = await Promise.allSettled([
      createConfig(broken, { cid, targetUrl: 'https://app.example.test/' }),
      setSso(broken, cid, true),
      rotateKeys(broken, 0),
    ]);
    // Assess
    expect(attempts.map((attempt) => attempt.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await broken.configs.list()).toEqual([]);
    expect((await ssoStatus(broken, cid)).state).toBe('missing');
    expect(await broken.keyRing.load()).toBeUndefined();
  });

  it('leaves a configuration as it was when its rotate-secret or delete cannot be recorded', async () => {
    // Prepare: the configuration is written with a working trail, then changed through the broken one.
    const working = new DynamoSsoAdminStore(
      createDocumentClient({ endpoint: dynamoEndpoint(), requestTimeoutMs: 5000 }),
      broken.tables,
      admin.audit,
    );
    const created = await createConfig(
      { ...broken, configs: working },
      {
        cid: newCid(),
        targetUrl: 'https://app.example.test/',
      },
    );
    const before = await broken.configs.get(created.clientId);
    // Act
    const rotating = rotateSecret(broken, created.clientId, 0);
    await expect(rotating).rejects.toThrow();
    const deleting = deleteConfig(broken, created.clientId);
    await expect(deleting).rejects.toThrow();
    // Assess
    expect(await broken.configs.get(created.clientId)).toEqual(before);
  });

  it('makes no change when the actor cannot be told (STS failing)', async () => {
    // Prepare
    const client = createDocumentClient({ endpoint: dynamoEndpoint(), requestTimeoutMs: 5000 });
    const trail = new DynamoAuditTrail(client, admin.tables.audit, {
      actor: () => Promise.reject(new Error('STS unreachable')),
      now: () => new Date(),
    });
    const store = new DynamoSsoAdminStore(client, admin.tables, trail);
    const cid = newCid();
    // Act
    const enabling = store.setSsoEnabled(cid, true);
    // Assess
    await expect(enabling).rejects.toThrow('STS unreachable');
    expect((await admin.configs.ssoStatus(cid)).state).toBe('missing');
    client.destroy();
  });

  it('commits the change and its record in one transaction: a record that cannot be put undoes the change', async () => {
    // Prepare: two changes stamped with the same time and id collide on the audit record's key.
    const client = createDocumentClient({ endpoint: dynamoEndpoint(), requestTimeoutMs: 5000 });
    const at = new Date('2033-01-01T00:00:00.000Z');
    const trail = new DynamoAuditTrail(client, admin.tables.audit, {
      actor: () => Promise.resolve('collider'),
      now: () => at,
      newId: () => 'same-id',
    });
    const store = new DynamoSsoAdminStore(client, admin.tables, trail);
    const [first, second] = [newCid(), newCid()];
    await store.setSsoEnabled(first, true);
    // Act
    const colliding = store.setSsoEnabled(second, true);
    // Assess
    await expect(colliding).rejects.toThrow();
    expect((await admin.configs.ssoStatus(first)).state).toBe('enabled');
    expect((await admin.configs.ssoStatus(second)).state).toBe('missing');
    client.destroy();
  });
});
