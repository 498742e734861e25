import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chunks, mapBounded, STORE_CONCURRENCY } from '../core/concurrency.ts';

/** DynamoDB takes at most 100 keys per BatchGetItem. */
const BATCH = 100;

type Item = Record<string, unknown>;

/**
 * Items of one table by key, in batches of 100 sent concurrently, asking again for what DynamoDB
 * left unprocessed.
 */
export async function batchGetAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Item[],
  options: { readonly consistent?: boolean; readonly projection?: string } = {},
): Promise<Item[]> {
  const answers = await mapBounded(chunks(keys, BATCH), STORE_CONCURRENCY, async (chunk) => {
    const out: Item[] = [];
    let batch: Item[] | undefined = chunk;
    while (batch && batch.length > 0) {
      const response = await client.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: batch,
              ...(options.consistent ? { ConsistentRead: true } : {}),
              ...(options.projection ? { ProjectionExpression: options.projection } : {}),
            },
          },
        }),
      );
      out.push(...(response.Responses?.[tableName] ?? []));
      batch = response.UnprocessedKeys?.[tableName]?.Keys as Item[] | undefined;
    }
    return out;
  });
  return answers.flat();
}
