import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CursorState } from '../core/api/cursor.ts';
import { CursorError } from '../core/api/cursor.ts';
import type { ListIncidentsQuery } from '../core/api/list-query.ts';
import type { Incident } from '../core/incidents/types.ts';
import { fromItem } from './incident-store.ts';
import { INDEXES } from './table-design.ts';

/** One page of incidents and where the next one starts. */
export interface IncidentPage {
  readonly items: Incident[];
  readonly next?: CursorState;
}

type Filter = 'status' | 'severity' | 'cluster' | 'namespace' | 'component' | 'team' | 'category' | 'rule';
const FILTERS: readonly Filter[] = [
  'status',
  'severity',
  'cluster',
  'namespace',
  'component',
  'team',
  'category',
  'rule',
];
/** How many items a filtered query may read for one page: it never needs a second request. */
const READ_FACTOR = 4;
const MAX_READ = 1000;

/** The index that answers a query best, and the filters it covers by its partition key. */
function chooseIndex(q: ListIncidentsQuery): {
  index: (typeof INDEXES)[keyof typeof INDEXES];
  partition: string | undefined;
  covered: Filter[];
} {
  if (q.cluster && q.rule)
    return { index: INDEXES.byRule, partition: `${q.cluster}#${q.rule}`, covered: ['cluster', 'rule'] };
  if (q.cluster) return { index: INDEXES.byCluster, partition: q.cluster, covered: ['cluster'] };
  if (q.team) return { index: INDEXES.byTeam, partition: q.team, covered: ['team'] };
  if (q.severity) return { index: INDEXES.bySeverity, partition: q.severity, covered: ['severity'] };
  if (q.status) return { index: INDEXES.byStatus, partition: q.status, covered: ['status'] };
  return { index: INDEXES.byMonth, partition: undefined, covered: [] };
}

const previousMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/**
 * Lists incidents newest first with DynamoDB Query only: the most selective index's partition,
 * the time range on its sort key, the other filters as a filter expression. A page is one Query
 * (a walk over month partitions may take more when months are empty); a filtered page may come
 * back shorter than the limit, never with gaps or repeats.
 */
export class IncidentLister {
  public constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: () => number = Date.now,
  ) {}

  public async list(q: ListIncidentsQuery, from?: CursorState): Promise<IncidentPage> {
    const { index, partition, covered } = chooseIndex(q);
    // Signed cursors carry their filters, so this only happens across a change of index design: still the caller's 400.
    if (from && from.index !== index.name)
      throw new CursorError('cursor belongs to another listing: start again without it');
    const residual = FILTERS.filter((f) => q[f] !== undefined && !covered.includes(f));
    let month =
      index === INDEXES.byMonth
        ? (from?.month ?? (q.until ?? new Date(this.clock()).toISOString()).slice(0, 7))
        : undefined;
    const oldestMonth = (q.since ?? new Date(this.clock() - 400 * 86_400_000).toISOString()).slice(0, 7);
    let startKey = from?.key;
    const items: Incident[] = [];
    for (;;) {
      const input = this.queryInput(q, index, partition ?? month!, residual, startKey);
      const page = await this.client.send(new QueryCommand(input));
      for (const item of page.Items ?? []) {
        if (items.length === q.limit) break;
        items.push(fromItem(item));
      }
      if (items.length === q.limit) {
        const last = (page.Items ?? []).find((item) => item.id === items[items.length - 1].id)!;
        const key = Object.fromEntries(['pk', 'sk', index.partitionKey, index.sortKey].map((k) => [k, last[k]]));
        // More may follow when this query still had items or a continuation.
        const more =
          page.LastEvaluatedKey !== undefined ||
          (page.Items ?? []).at(-1)?.id !== last.id ||
          (month !== undefined && month > oldestMonth);
        return { items, next: more ? { index: index.name, key, month } : undefined };
      }
      if (page.LastEvaluatedKey) {
        // A filtered read that found fewer matches than the limit: return a short page, continue later.
        if (residual.length > 0 || month === undefined)
          return { items, next: { index: index.name, key: page.LastEvaluatedKey, month } };
        startKey = page.LastEvaluatedKey;
        continue;
      }
      if (month === undefined || month <= oldestMonth) return { items };
      month = previousMonth(month);
      startKey = undefined;
      if (items.length > 0 && residual.length > 0) return { items, next: { index: index.name, month } };
    }
  }

  private queryInput(
    q: ListIncidentsQuery,
    index: (typeof INDEXES)[keyof typeof INDEXES],
    partition: string,
    residual: Filter[],
    startKey?: Record<string, unknown>,
  ): QueryCommandInput {
    const names: Record<string, string> = { '#pk': index.partitionKey };
    if (q.since || q.until) names['#sk'] = index.sortKey;
    const values: Record<string, unknown> = { ':pk': partition };
    let condition = '#pk = :pk';
    if (q.since && q.until) {
      condition += ' AND #sk BETWEEN :since AND :until';
      values[':since'] = q.since;
      values[':until'] = q.until;
    } else if (q.since) {
      condition += ' AND #sk >= :since';
      values[':since'] = q.since;
    } else if (q.until) {
      condition += ' AND #sk < :until';
      values[':until'] = q.until;
    }
    const filters = residual.map((f) => {
      names[`#${f}`] = f;
      values[`:${f}`] = q[f];
      return `#${f} = :${f}`;
    });
    return {
      TableName: this.tableName,
      IndexName: index.name,
      KeyConditionExpression: condition,
      FilterExpression: filters.length > 0 ? filters.join(' AND ') : undefined,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: filters.length > 0 ? Math.min(MAX_READ, q.limit * READ_FACTOR) : q.limit,
      ExclusiveStartKey: startKey,
    };
  }

  /** Resolved incidents of a rule on a cluster, newest first (the knowledge base), without `exceptId`. */
  public async previousResolutions(cluster: string, rule: string, exceptId: string, limit = 5): Promise<Incident[]> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEXES.byRule.name,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: '#status = :resolved AND #id <> :except',
        ExpressionAttributeNames: { '#pk': INDEXES.byRule.partitionKey, '#status': 'status', '#id': 'id' },
        ExpressionAttributeValues: { ':pk': `${cluster}#${rule}`, ':resolved': 'resolved', ':except': exceptId },
        ScanIndexForward: false,
        Limit: 50,
      }),
    );
    return (page.Items ?? []).map(fromItem).slice(0, limit);
  }
}
