import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { KEYS } from './table-design.ts';
import type { Silence } from '../core/silences/silence.ts';

const PK = KEYS.silences;
/** Ended silences are kept this long for the record. */
const KEEP_SECONDS = 30 * 86_400;

/** Silences in the incident table: one partition, read with one Query. */
export class SilenceStore {
  public constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Every silence not ended more than `KEEP_SECONDS` ago (expired items are filtered, not trusted to TTL). */
  public async list(now: number = Date.now()): Promise<Silence[]> {
    const out: Silence[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': PK },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        if (typeof item.expiresAt === 'number' && item.expiresAt <= now / 1000) continue;
        const { pk: _pk, sk: _sk, expiresAt: _e, ...silence } = item;
        out.push(silence as Silence);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return out.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  }

  public async put(silence: Silence): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: PK,
          sk: silence.id,
          ...silence,
          expiresAt: Math.floor(Date.parse(silence.endsAt) / 1000) + KEEP_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** Delete a silence; false when there was none. */
  public async delete(id: string): Promise<boolean> {
    const { Attributes } = await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: PK, sk: id }, ReturnValues: 'ALL_OLD' }),
    );
    return Attributes !== undefined;
  }
}
