import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from './batch-get.ts';
import { batchWriteAll } from './batch-write.ts';
import { KEYS } from './table-design.ts';
import type { ChangeRecord, ChangeSink } from '../core/changes/change.ts';

/** Changes are kept this long: long enough for any incident's change context. */
const KEEP_SECONDS = 14 * 86_400;

/**
 * Changes of each cluster (CloudTrail configuration calls, people's writes in the audit log), keyed
 * by cluster and time, written once.
 */
export class ChangeStore implements ChangeSink {
  public constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Keep changes not kept yet: a redelivered change costs a read, never a write. */
  public async record(changes: readonly ChangeRecord[]): Promise<void> {
    const items = new Map(
      changes.map((c) => [
        `${c.cluster}\0${c.at}#${c.eventId}`,
        {
          pk: KEYS.changes.of(c.cluster),
          sk: `${c.at}#${c.eventId}`,
          ...c,
          expiresAt: Math.floor(Date.parse(c.at) / 1000) + KEEP_SECONDS,
        },
      ]),
    );
    if (items.size === 0) return;
    const keys = [...items.values()].map(({ pk, sk }) => ({ pk, sk }));
    const kept = await batchGetAll(this.client, this.tableName, keys, { projection: 'pk, sk' });
    for (const { pk, sk } of kept) items.delete(`${String(pk).slice(KEYS.changes.prefix.length)}\0${String(sk)}`);
    await batchWriteAll(
      this.client,
      this.tableName,
      [...items.values()].map((Item) => ({ PutRequest: { Item } })),
    );
  }

  /** Changes of a cluster between two instants, oldest first (one Query). */
  public async between(cluster: string, from: string, to: string, limit = 50): Promise<ChangeRecord[]> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': KEYS.changes.of(cluster), ':from': from, ':to': `${to}~` },
        Limit: limit,
        // A change recorded by this very delivery must be found (the change behind a controller's creation).
        ConsistentRead: true,
      }),
    );
    return (page.Items ?? []).map(({ pk: _pk, sk: _sk, expiresAt: _e, ...change }) => change as ChangeRecord);
  }
}
