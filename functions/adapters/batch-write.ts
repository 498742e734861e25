import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chunks, mapBounded, STORE_CONCURRENCY } from '../core/concurrency.ts';

/** DynamoDB takes at most 25 requests per BatchWriteItem. */
const BATCH = 25;

/**
 * Put and delete requests of one table, in batches of 25 sent concurrently, resending what DynamoDB
 * left unprocessed.
 */
export async function batchWriteAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly Record<string, unknown>[],
): Promise<void> {
  await mapBounded(chunks(requests, BATCH), STORE_CONCURRENCY, async (chunk) => {
    let batch: unknown[] | undefined = chunk;
    while (batch && batch.length > 0) {
      const response: { UnprocessedItems?: Record<string, unknown[]> } = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: batch as never } }),
      );
      batch = response.UnprocessedItems?.[tableName];
    }
  });
}
