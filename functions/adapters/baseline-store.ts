import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BaselineStore } from '../core/baseline/first-seen.ts';
import { batchGetAll } from './batch-get.ts';
import { batchWriteAll } from './batch-write.ts';
import { KEYS } from './table-design.ts';

const START = 'START';
const actionKey = (action: string): string =>
  `A#${createHash('sha256').update(action).digest('base64url').slice(0, 32)}`;

/** The baseline in the table: one item per cluster and action, expiring after the window. */
export class DynamoBaselineStore implements BaselineStore {
  public constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly windowDays: number,
  ) {}

  public async startOf(cluster: string, now: number): Promise<number> {
    const key = { pk: KEYS.baseline.of(cluster), sk: START };
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key }));
    if (typeof Item?.at === 'number') return Item.at;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, at: now },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return now;
    } catch (error) {
      // Another invocation started it first: its time counts.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const again = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
      );
      return typeof again.Item?.at === 'number' ? again.Item.at : now;
    }
  }

  public async known(cluster: string, actions: readonly string[]): Promise<Map<string, number>> {
    const keys = actions.map((a) => ({ pk: KEYS.baseline.of(cluster), sk: actionKey(a) }));
    const items = await batchGetAll(this.client, this.tableName, keys);
    return new Map(
      items
        .filter((i) => typeof i.action === 'string' && typeof i.at === 'number')
        .map((i) => [i.action as string, i.at as number]),
    );
  }

  public async record(cluster: string, actions: readonly string[], now: number): Promise<void> {
    const expiresAt = Math.floor(now / 1000) + this.windowDays * 86_400;
    await batchWriteAll(
      this.client,
      this.tableName,
      actions.map((action) => ({
        PutRequest: { Item: { pk: KEYS.baseline.of(cluster), sk: actionKey(action), action, at: now, expiresAt } },
      })),
    );
  }
}
