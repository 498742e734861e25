import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** DynamoDB takes at most 100 keys per BatchGetItem. */
const BATCH = 100;

type Item = Record<string, unknown>;

/** Items of one table by key, in batches of 100, asking again for what DynamoDB left unprocessed. */
export async function batchGetAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Item[],
  options: { readonly consistent?: boolean; readonly projection?: string } = {},
): Promise<Item[]> {
  const out: Item[] = [];
  for (let i = 0; i < keys.length; i += BATCH) {
    let batch: Item[] | undefined = keys.slice(i, i + BATCH);
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
  }
  return out;
}
