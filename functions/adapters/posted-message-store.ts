import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PostedMessages } from '../core/collaboration/collaborator.ts';
import { KEYS, TTL_ATTRIBUTE } from './table-design.ts';

/** Redeliveries come within days: a week of memory is plenty. */
const KEEP_SECONDS = 7 * 24 * 3600;

/** Which chat messages were posted, per incident event and channel (kept a week). */
export class PostedMessageStore implements PostedMessages {
  public constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: () => number = Date.now,
  ) {}

  public async posted(eventId: string, channelId: string): Promise<boolean> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: KEYS.chatPost.of(eventId), sk: channelId },
        ConsistentRead: true,
      }),
    );
    return Item !== undefined;
  }

  public async markPosted(eventId: string, channelId: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: KEYS.chatPost.of(eventId),
          sk: channelId,
          [TTL_ATTRIBUTE]: Math.floor(this.clock() / 1000) + KEEP_SECONDS,
        },
      }),
    );
  }
}
