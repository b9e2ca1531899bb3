/**
 * The audit trail in DynamoDB: every admin write and its audit record commit in ONE TransactWriteItems,
 * so a change whose record cannot be written does not happen (and a record never describes a change
 * that did not). Records live in their own table, which the SSO function's role cannot reach.
 *
 * Item: `pk` = {@link AUDIT_PARTITION}, `sk` = `<ISO time>#<id>`; one partition sorted by time, so
 * "newest first since T" is one Query read backwards. Admin changes are a few a day: one partition
 * holds decades of them and serves them at far more than operators read.
 */
import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { AUDIT_ACTIONS, type AuditAction, type AuditChange, type AuditRecord, type AuditValue } from '../../core/audit';
import { AUDIT_PARTITION, AUDIT_SORT_KEY, PARTITION_KEY } from './tables';

/** One write of a transaction, in the document client's form. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Who makes the changes, and when. */
export interface AuditContext {
  /** The caller's AWS identity ARN, or the OS user locally; a failure here stops the change. */
  readonly actor: () => Promise<string>;
  readonly now: () => Date;
  readonly newId?: () => string;
}

/** A write of the transaction failed its condition: `index` is its position in the writes given. */
export class WriteConditionFailed extends Error {
  override readonly name = 'WriteConditionFailed';
  constructor(
    readonly index: number,
    options?: { cause?: unknown },
  ) {
    super(`write ${index} of the transaction failed its condition`, options);
  }
}

export interface AuditQuery {
  /** Only records at or after this time. */
  readonly since?: Date;
  /** Only records before or at this time. */
  readonly until?: Date;
}

const ACTIONS: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

function recordFromItem(item: Record<string, unknown>): AuditRecord | undefined {
  const { id, at, actor, action, clientId, cid, changes } = item;
  if (typeof id !== 'string' || typeof at !== 'string' || typeof actor !== 'string') return undefined;
  if (typeof action !== 'string' || !ACTIONS.has(action)) return undefined;
  return {
    id,
    at,
    actor,
    action: action as AuditAction,
    ...(typeof clientId === 'string' ? { clientId } : {}),
    ...(typeof cid === 'string' ? { cid } : {}),
    changes: typeof changes === 'object' && changes !== null ? (changes as Record<string, AuditValue>) : {},
  };
}

export class DynamoAuditTrail {
  private actorOnce: Promise<string> | undefined;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly context: AuditContext,
  ) {}

  /** The audit clock: the time its records carry, and the time of the changes they record. */
  now(): Date {
    return this.context.now();
  }

  /** The actor, asked once per process (one STS call per CLI run). */
  private actor(): Promise<string> {
    this.actorOnce ??= this.context.actor();
    return this.actorOnce;
  }

  /**
   * Commits `writes` and the audit record of `change` in one transaction: both or neither.
   * Throws {@link WriteConditionFailed} when one of `writes` fails its condition; any other failure
   * (the audit table missing, DynamoDB unreachable, the actor unknown) propagates, and nothing changed.
   */
  async commit(writes: readonly TransactItem[], change: AuditChange): Promise<AuditRecord> {
    const actor = await this.actor();
    const record: AuditRecord = {
      id: (this.context.newId ?? randomUUID)(),
      at: this.context.now().toISOString(),
      actor,
      ...change,
    };
    const auditPut: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: { [PARTITION_KEY]: AUDIT_PARTITION, [AUDIT_SORT_KEY]: `${record.at}#${record.id}`, ...record },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY },
      },
    };
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: [...writes, auditPut] }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        const index = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
        if (index >= 0 && index < writes.length) throw new WriteConditionFailed(index, { cause: error });
      }
      throw error;
    }
    return record;
  }

  /** The records in the window of `query`, newest first. */
  async list(query: AuditQuery = {}): Promise<AuditRecord[]> {
    const from = query.since?.toISOString() ?? '0000';
    // '~' sorts after every character of an ISO time and of the '#<id>' suffix.
    const to = `${query.until?.toISOString() ?? '9999'}~`;
    const records: AuditRecord[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': AUDIT_SORT_KEY },
          ExpressionAttributeValues: { ':pk': AUDIT_PARTITION, ':from': from, ':to': to },
          ScanIndexForward: false,
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const record = recordFromItem(item);
        if (record) records.push(record);
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return records;
  }
}
