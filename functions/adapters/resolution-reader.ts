import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ResolutionRecord } from '../core/insights/insights.ts';
import { KEYS } from './table-design.ts';

/** At most this many Query pages per request (1 MB each: ~4,000 records), so no request runs away. */
export const MAX_RESOLUTION_PAGES = 25;

/** The months (`yyyy-mm`) an interval touches, oldest first. */
function monthsBetween(since: string, until: string): string[] {
  const out: string[] = [];
  const date = new Date(`${since.slice(0, 7)}-01T00:00:00Z`);
  while (date.toISOString().slice(0, 7) <= until.slice(0, 7)) {
    out.push(date.toISOString().slice(0, 7));
    date.setUTCMonth(date.getUTCMonth() + 1);
  }
  return out;
}

/** Resolution records of the incidents that started in an interval: one Query per month, never a Scan. */
export class ResolutionReader {
  public constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The records, and whether the page cap cut them short. */
  public async between(since: string, until: string): Promise<{ records: ResolutionRecord[]; truncated: boolean }> {
    const records: ResolutionRecord[] = [];
    let pages = 0;
    for (const month of monthsBetween(since, until)) {
      let start: Record<string, unknown> | undefined;
      do {
        if (++pages > MAX_RESOLUTION_PAGES) return { records, truncated: true };
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': KEYS.resolutions.of(month), ':from': since, ':to': `${until}~` },
            ExclusiveStartKey: start,
          }),
        );
        for (const { pk: _pk, sk: _sk, expiresAt: _e, ...record } of page.Items ?? [])
          records.push(record as unknown as ResolutionRecord);
        start = page.LastEvaluatedKey;
      } while (start);
    }
    return { records, truncated: false };
  }
}
