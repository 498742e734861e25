import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AttributeDefinition, GlobalSecondaryIndex } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { roundTrip } from '../functions/core/concurrency.ts';
import { INDEXES, KEY_ATTRIBUTES, TABLE_KEYS } from '../functions/adapters/table-design.ts';

/** Counts DynamoDB operations by name; writes are counted by item. */
export class OperationCounter {
  public readonly byOperation = new Map<string, number>();
  /** Items written, by the prefix of their partition key (`INC#`, `GRP#`, `TL#` … up to the `#`). */
  public readonly writesByPrefix = new Map<string, number>();
  /**
   * Write units the writes would cost (1 per started KB of each item; an update counts its request),
   * estimated from the DynamoDB JSON sent: a little above what DynamoDB bills.
   */
  public writeUnits = 0;

  /** Items written (UpdateItem, PutItem, DeleteItem, and each request of BatchWriteItem). */
  public get writes(): number {
    return (
      (this.byOperation.get('UpdateItem') ?? 0) +
      (this.byOperation.get('PutItem') ?? 0) +
      (this.byOperation.get('DeleteItem') ?? 0) +
      (this.byOperation.get('BatchWriteItem.items') ?? 0)
    );
  }

  public count(operation: string, items = 1): void {
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + items);
  }

  /** Count the items a write request's JSON body writes, by partition-key prefix. */
  public countWrites(operation: string, body: string): void {
    const request = JSON.parse(body) as WriteBody;
    // Each item written: its key, and what its size is read from (a delete or an empty put counts one unit).
    const written: Array<{ key: KeyJson; sized: unknown }> =
      operation === 'BatchWriteItem'
        ? Object.values(request.RequestItems ?? {}).flatMap((list) =>
            list.map((r) => ({ key: r.PutRequest?.Item ?? r.DeleteRequest?.Key, sized: r.PutRequest?.Item ?? {} })),
          )
        : [{ key: request.Item ?? request.Key, sized: operation === 'UpdateItem' ? request : (request.Item ?? {}) }];
    for (const { key, sized } of written) {
      this.writeUnits += Math.max(1, Math.ceil(JSON.stringify(sized).length / 1024));
      const pk = key?.pk?.S ?? '';
      const prefix = pk.includes('#') ? pk.slice(0, pk.indexOf('#') + 1) : pk;
      this.writesByPrefix.set(prefix, (this.writesByPrefix.get(prefix) ?? 0) + 1);
    }
  }

  /** Items written to partitions whose key starts with `prefix`. */
  public writesTo(prefix: string): number {
    return this.writesByPrefix.get(prefix) ?? 0;
  }

  public reset(): void {
    this.byOperation.clear();
    this.writesByPrefix.clear();
    this.writeUnits = 0;
  }
}

type KeyJson = { pk?: { S?: string } } | undefined;
type WriteBody = {
  Item?: KeyJson;
  Key?: KeyJson;
  RequestItems?: Record<string, Array<{ PutRequest?: { Item?: KeyJson }; DeleteRequest?: { Key?: KeyJson } }>>;
};
const WRITES = new Set(['UpdateItem', 'PutItem', 'DeleteItem', 'BatchWriteItem']);

/** An in-process DynamoDB (dynalite) with the incident table created from the shared design. */
export interface LocalDynamo {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly endpoint: string;
  readonly counter: OperationCounter;
  close(): Promise<void>;
}

/** Start dynalite on a free loopback port and create the incident table. */
export async function startLocalDynamo(tableName = 'watchkeeper-incidents'): Promise<LocalDynamo> {
  const server: Server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const counter = new OperationCounter();
  // Requests still being answered: closing under one makes dynalite throw from its closed database.
  let inFlight = 0;
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string>; body?: unknown };
      const operation = request.headers?.['x-amz-target']?.split('.')[1];
      // The SDK hands the body over as text or as bytes, depending on its version.
      const body =
        typeof request.body === 'string'
          ? request.body
          : request.body instanceof Uint8Array
            ? new TextDecoder().decode(request.body)
            : undefined;
      if (operation) {
        counter.count(operation);
        if (WRITES.has(operation) && body !== undefined) counter.countWrites(operation, body);
        if (operation === 'BatchWriteItem' && body !== undefined) {
          const items = Object.values(JSON.parse(body).RequestItems as Record<string, unknown[]>).reduce(
            (n, list) => n + list.length,
            0,
          );
          counter.count('BatchWriteItem.items', items);
        }
      }
      // The benchmark's critical path (measureRoundTrips): each request as sent, retries included.
      inFlight++;
      try {
        return await roundTrip(() => next(args));
      } finally {
        inFlight--;
      }
    },
    { step: 'finalizeRequest', name: 'countOperations' },
  );
  await client.send(new CreateTableCommand(incidentTableDefinition(tableName)));
  counter.reset();
  return {
    client,
    tableName,
    endpoint,
    counter,
    close: async () => {
      // A write nobody awaits any more (a page's delivery after the test ended) finishes first, for a while.
      for (const deadline = Date.now() + 5_000; inFlight > 0 && Date.now() < deadline; )
        await new Promise((resolve) => setTimeout(resolve, 10));
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** CreateTable input of the incident table, from the design the CDK construct also uses. */
export function incidentTableDefinition(tableName: string) {
  const attributes: AttributeDefinition[] = KEY_ATTRIBUTES.map((name) => ({ AttributeName: name, AttributeType: 'S' }));
  const indexes: GlobalSecondaryIndex[] = Object.values(INDEXES).map((index) => ({
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' },
      { AttributeName: index.sortKey, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  }));
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: attributes,
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: indexes,
  };
}
