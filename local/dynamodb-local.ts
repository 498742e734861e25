import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AttributeDefinition, GlobalSecondaryIndex } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { INDEXES, KEY_ATTRIBUTES, TABLE_KEYS } from '../functions/adapters/table-design.ts';

/** Counts DynamoDB operations by name; writes are counted by item. */
export class OperationCounter {
  public readonly byOperation = new Map<string, number>();

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

  public reset(): void {
    this.byOperation.clear();
  }
}

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
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string>; body?: string };
      const operation = request.headers?.['x-amz-target']?.split('.')[1];
      if (operation) {
        counter.count(operation);
        if (operation === 'BatchWriteItem' && typeof request.body === 'string') {
          const items = Object.values(JSON.parse(request.body).RequestItems as Record<string, unknown[]>).reduce(
            (n, list) => n + list.length,
            0,
          );
          counter.count('BatchWriteItem.items', items);
        }
      }
      return next(args);
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
