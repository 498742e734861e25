import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CursorState } from '../core/api/cursor.ts';
import { CursorError } from '../core/api/cursor.ts';
import type { ListIncidentsQuery } from '../core/api/list-query.ts';
import type { ValueFilter } from '../core/api/list-filters.ts';
import { VALUE_FILTERS } from '../core/api/list-filters.ts';
import type { TimeWindow } from '../core/api/time-range.ts';
import { INDEXES } from './table-design.ts';

/** One page of a listing and where the next one starts. */
export interface ListPage<T> {
  readonly items: T[];
  readonly next?: CursorState;
}

/**
 * Which items a lister reads: alerts and incidents share the list indexes, their index values
 * told apart by a prefix (incidents' are `I#…`; alerts', from before incidents existed, have none).
 */
export interface ListedItems<T> {
  readonly prefix: string;
  readonly parse: (item: Record<string, unknown>) => T;
}

/** How many items a filtered query may read for one page: it never needs a second request. */
const READ_FACTOR = 4;
const MAX_READ = 1000;

/** The index that answers a query best, and the filters it covers by its partition key. */
function chooseIndex(
  q: ListIncidentsQuery,
  prefix: string,
): {
  index: (typeof INDEXES)[keyof typeof INDEXES];
  partition: string | undefined;
  covered: ValueFilter[];
} {
  if (q.cluster && q.rule)
    return { index: INDEXES.byRule, partition: `${prefix}${q.cluster}#${q.rule}`, covered: ['cluster', 'rule'] };
  if (q.cluster) return { index: INDEXES.byCluster, partition: `${prefix}${q.cluster}`, covered: ['cluster'] };
  if (q.team) return { index: INDEXES.byTeam, partition: `${prefix}${q.team}`, covered: ['team'] };
  if (q.severity) return { index: INDEXES.bySeverity, partition: `${prefix}${q.severity}`, covered: ['severity'] };
  if (q.status) return { index: INDEXES.byStatus, partition: `${prefix}${q.status}`, covered: ['status'] };
  return { index: INDEXES.byMonth, partition: undefined, covered: [] };
}

const previousMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/**
 * Queries one request may send. A window spans at most 400 days (14 month partitions), so this is
 * only reached by a month walk over empty months plus continuations; the caller gets a cursor.
 */
const MAX_QUERIES_PER_REQUEST = 16;

/**
 * Lists alerts or incidents newest first with DynamoDB Query only: the most selective index's partition,
 * the time range on its sort key, the other filters as a filter expression. A page is one Query
 * (a walk over month partitions may take more when months are empty, never more than
 * {@link MAX_QUERIES_PER_REQUEST}); a filtered page may come back shorter than the limit, never with
 * gaps or repeats.
 */
export class Lister<T extends { readonly id: string }> {
  public constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly items: ListedItems<T>,
  ) {}

  /** One page of a query over `window` (checked by `listWindow`), continuing at `from`. */
  public async list(q: ListIncidentsQuery, window: TimeWindow, from?: CursorState): Promise<ListPage<T>> {
    const { prefix, parse } = this.items;
    const { index, partition, covered } = chooseIndex(q, prefix);
    // Signed cursors carry their filters, so this only happens across a change of index design: still the caller's 400.
    if (from && from.index !== index.name)
      throw new CursorError('cursor belongs to another listing: start again without it');
    const residual = VALUE_FILTERS.filter((f) => q[f] !== undefined && !covered.includes(f));
    const oldestMonth = window.since.slice(0, 7);
    const newestMonth = window.until.slice(0, 7);
    let month = partition === undefined ? (from?.month ?? newestMonth) : undefined;
    if (month !== undefined && (month < oldestMonth || month > newestMonth)) return { items: [] };
    // Partitioned indexes honour only the bounds the caller gave; the month walk needs both.
    const bounds = partition === undefined ? window : { since: q.since, until: q.until };
    let startKey = from?.key;
    const items: T[] = [];
    for (let queries = 1; ; queries++) {
      const input = this.queryInput(q, index, partition ?? `${prefix}${month ?? ''}`, bounds, residual, startKey);
      const page = await this.client.send(new QueryCommand(input));
      const pageItems = page.Items ?? [];
      for (const item of pageItems) {
        if (items.length === q.limit) break;
        items.push(parse(item));
      }
      if (items.length === q.limit) {
        const lastId = items[items.length - 1].id;
        const last = pageItems.find((item) => item.id === lastId) ?? {};
        const key = Object.fromEntries(['pk', 'sk', index.partitionKey, index.sortKey].map((k) => [k, last[k]]));
        // More may follow when this query still had items or a continuation.
        const more =
          page.LastEvaluatedKey !== undefined ||
          pageItems.at(-1)?.id !== lastId ||
          (month !== undefined && month > oldestMonth);
        return { items, next: more ? { index: index.name, key, month } : undefined };
      }
      if (page.LastEvaluatedKey) {
        // A filtered read that found fewer matches than the limit: return a short page, continue later.
        if (residual.length > 0 || month === undefined || queries >= MAX_QUERIES_PER_REQUEST)
          return { items, next: { index: index.name, key: page.LastEvaluatedKey, month } };
        startKey = page.LastEvaluatedKey;
        continue;
      }
      if (month === undefined || month <= oldestMonth) return { items };
      month = previousMonth(month);
      startKey = undefined;
      if ((items.length > 0 && residual.length > 0) || queries >= MAX_QUERIES_PER_REQUEST)
        return { items, next: { index: index.name, month } };
    }
  }

  private queryInput(
    q: ListIncidentsQuery,
    index: (typeof INDEXES)[keyof typeof INDEXES],
    partition: string,
    bounds: { readonly since?: string; readonly until?: string },
    residual: ValueFilter[],
    startKey?: Record<string, unknown>,
  ): QueryCommandInput {
    const names: Record<string, string> = { '#pk': index.partitionKey };
    if (bounds.since || bounds.until) names['#sk'] = index.sortKey;
    const values: Record<string, unknown> = { ':pk': partition };
    let condition = '#pk = :pk';
    // Sort keys are `<startedAt>#<id>`: one starting exactly at `until` sorts after it, so BETWEEN excludes it.
    if (bounds.since && bounds.until) {
      condition += ' AND #sk BETWEEN :since AND :until';
      values[':since'] = bounds.since;
      values[':until'] = bounds.until;
    } else if (bounds.since) {
      condition += ' AND #sk >= :since';
      values[':since'] = bounds.since;
    } else if (bounds.until) {
      condition += ' AND #sk < :until';
      values[':until'] = bounds.until;
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

  /**
   * How many items match a query that names a status (so a partitioned index answers it, never a month
   * walk): Query with `Select: COUNT`, page after page, until `cap` is reached or the request's budget
   * of queries is spent; `atLeast` says the count stopped there.
   */
  public async count(q: ListIncidentsQuery, cap = 1000): Promise<{ count: number; atLeast: boolean }> {
    const { index, partition, covered } = chooseIndex(q, this.items.prefix);
    if (partition === undefined) throw new Error('count needs a query that names a status');
    const residual = VALUE_FILTERS.filter((f) => q[f] !== undefined && !covered.includes(f));
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    for (let queries = 1; ; queries++) {
      const { Limit: _limit, ...input } = this.queryInput(q, index, partition, q, residual, startKey);
      const page = await this.client.send(new QueryCommand({ ...input, Select: 'COUNT' }));
      count += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
      if (!startKey) return { count, atLeast: false };
      if (count >= cap || queries >= MAX_QUERIES_PER_REQUEST) return { count, atLeast: true };
    }
  }

  /** Resolved items of a rule on a cluster, newest first (the knowledge base), without `exceptId`. */
  public async previousResolutions(cluster: string, rule: string, exceptId: string, limit = 5): Promise<T[]> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEXES.byRule.name,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: '#status = :resolved AND #id <> :except',
        ExpressionAttributeNames: { '#pk': INDEXES.byRule.partitionKey, '#status': 'status', '#id': 'id' },
        ExpressionAttributeValues: {
          ':pk': `${this.items.prefix}${cluster}#${rule}`,
          ':resolved': 'resolved',
          ':except': exceptId,
        },
        ScanIndexForward: false,
        Limit: 50,
      }),
    );
    return (page.Items ?? []).map(this.items.parse).slice(0, limit);
  }
}
