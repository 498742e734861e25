import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** DynamoDB takes at most 25 requests per BatchWriteItem. */
const BATCH = 25;

/** Put and delete requests of one table, in batches of 25, resending what DynamoDB left unprocessed. */
export async function batchWriteAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly Record<string, unknown>[],
): Promise<void> {
  for (let i = 0; i < requests.length; i += BATCH) {
    let batch: unknown[] | undefined = requests.slice(i, i + BATCH);
    while (batch && batch.length > 0) {
      const response: { UnprocessedItems?: Record<string, unknown[]> } = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: batch as never } }),
      );
      batch = response.UnprocessedItems?.[tableName];
    }
  }
}
