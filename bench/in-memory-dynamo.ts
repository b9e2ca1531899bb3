/**
 * DynamoDB answered in memory at the SDK's HTTP handler: everything above it (building the command,
 * marshalling, endpoint resolution, SigV4 signing, retries, deserialising the answer) still runs, only the
 * network and DynamoDB itself are gone. That isolates the CPU a sign-in costs in the function, and counts
 * the calls it makes exactly where they would leave the process.
 *
 * Used tokens are answered (a successful conditional put) but not kept, so 10,000 sign-ins do not grow
 * this store and the memory measured is the handler's own.
 */

/** An item in DynamoDB's wire form (AttributeValue JSON), as the bench seeds it. */
export type WireItem = Record<string, unknown>;

/** The request the SDK hands its HTTP handler (the fields used here). */
interface SdkHttpRequest {
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

interface SdkHttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
}

/** What the SDK needs of a request handler (`new DynamoDBClient({ requestHandler })` or swapped in later). */
export interface SdkRequestHandler {
  handle(request: SdkHttpRequest): Promise<{ response: SdkHttpResponse }>;
  updateHttpClientConfig(): void;
  httpHandlerConfigs(): Record<string, never>;
  destroy(): void;
}

interface KeyRequest {
  readonly TableName?: string;
  readonly Key?: { pk?: { S?: string } };
  readonly Item?: { pk?: { S?: string } };
  readonly RequestItems?: Record<string, { Keys?: { pk?: { S?: string } }[] }>;
}

const JSON_HEADERS = { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'in-memory' };
const encoder = new TextEncoder();

export class InMemoryDynamo implements SdkRequestHandler {
  /** Calls seen, by operation (`GetItem`, `BatchGetItem`, `PutItem`, …). */
  readonly calls = new Map<string, number>();
  private readonly tables = new Map<string, Map<string, WireItem>>();

  /** @param items table name → items holding a string `pk` */
  constructor(items: Readonly<Record<string, readonly WireItem[]>>) {
    for (const [table, tableItems] of Object.entries(items)) {
      this.tables.set(table, new Map(tableItems.map((item) => [(item.pk as { S: string }).S, item])));
    }
  }

  /** Every call so far, all operations together. */
  totalCalls(): number {
    let total = 0;
    for (const count of this.calls.values()) total += count;
    return total;
  }

  private item(table: string | undefined, pk: string | undefined): WireItem | undefined {
    return table === undefined || pk === undefined ? undefined : this.tables.get(table)?.get(pk);
  }

  private answer(operation: string, request: KeyRequest): unknown {
    switch (operation) {
      case 'GetItem': {
        const item = this.item(request.TableName, request.Key?.pk?.S);
        return item ? { Item: item } : {};
      }
      case 'BatchGetItem': {
        const responses: Record<string, WireItem[]> = {};
        for (const [table, { Keys = [] }] of Object.entries(request.RequestItems ?? {})) {
          responses[table] = Keys.map((key) => this.item(table, key.pk?.S)).filter((item) => item !== undefined);
        }
        return { Responses: responses, UnprocessedKeys: {} };
      }
      case 'PutItem':
        return {};
      default:
        throw new Error(`the in-memory DynamoDB does not answer ${operation}`);
    }
  }

  async handle(request: SdkHttpRequest): Promise<{ response: SdkHttpResponse }> {
    const target = request.headers['x-amz-target'] ?? request.headers['X-Amz-Target'] ?? '';
    const operation = target.slice(target.indexOf('.') + 1);
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
    // The SDK hands the serialised request over as a string or as bytes (a Buffer), depending on the command.
    const raw: unknown = request.body;
    const text = typeof raw === 'string' ? raw : raw instanceof Uint8Array ? Buffer.from(raw).toString('utf8') : '{}';
    const body = JSON.parse(text) as KeyRequest;
    const answer = encoder.encode(JSON.stringify(this.answer(operation, body)));
    return { response: { statusCode: 200, headers: { ...JSON_HEADERS }, body: answer } };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {}
}

/**
 * Points an existing SDK client (or document client, which shares its client's config) at this handler.
 * The bench builds the clients exactly as the functions do, then swaps only the transport.
 */
export function answerInMemory(client: { config: unknown }, dynamo: InMemoryDynamo): void {
  (client.config as { requestHandler: SdkRequestHandler }).requestHandler = dynamo;
}
