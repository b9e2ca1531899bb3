/** What the admin commands work on: the stores of one target (the local DynamoDB, or a deployed stack). */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoAuditTrail } from '../../lambdas/adapters/dynamodb/audit-trail';
import type { DynamoSsoAdminStore } from '../../lambdas/adapters/dynamodb/sso-admin-store';
import { PARTITION_KEY, usedTokenKey } from '../../lambdas/adapters/dynamodb/tables';
import type { JwksUriPolicy } from '../../lambdas/core/jwks-uri';
import type { SigningKeyFactory, SigningKeyRingStore } from '../../lambdas/core/ports';

/** Tells whether a token's jti was already used, without recording anything (for `token check`). */
export interface UsedTokenLookup {
  isUsed(cid: string, jti: string): Promise<boolean>;
}

export interface AdminDeps {
  /** Every write of these stores commits with its record in this trail. */
  readonly audit: DynamoAuditTrail;
  readonly configs: DynamoSsoAdminStore;
  readonly usedTokens: UsedTokenLookup;
  readonly keyRing: SigningKeyRingStore;
  /** Built on first use: the local one needs the KEK file, the stack one the stack's KMS key. */
  readonly signingKeyFactory: () => SigningKeyFactory;
  readonly now: () => Date;
  /** Where a configuration's JWKS URI may point: the local run also allows http and loopback. */
  readonly jwksUriPolicy: JwksUriPolicy;
  /** Where these stores are, for messages (e.g. `local DynamoDB at http://127.0.0.1:8000`). */
  readonly description: string;
  /** What to try when the stores cannot be reached. */
  readonly unreachableHint?: string;
  /** Releases network clients. */
  close(): void;
}

/** A read-only look at the used-token table: one consistent GetItem. */
export class DynamoUsedTokenLookup implements UsedTokenLookup {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async isUsed(cid: string, jti: string): Promise<boolean> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [PARTITION_KEY]: usedTokenKey(cid, jti) },
        ConsistentRead: true,
      }),
    );
    return Item !== undefined;
  }
}
