import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { SignalAggregate } from '../core/alerts/aggregate.ts';
import type { ApplyResult } from '../core/alerts/lifecycle.ts';
import { applyAggregate, createdEntry, parseAlertId } from '../core/alerts/lifecycle.ts';
import { AlertNotFoundError, TransitionError } from '../core/alerts/errors.ts';
import type { AlertPolicy } from '../core/alerts/policy.ts';
import type { Alert, TimelineEntry } from '../core/alerts/types.ts';
import { mapBounded, STORE_CONCURRENCY } from '../core/concurrency.ts';
import { batchGetAll } from './batch-get.ts';
import { batchWriteAll } from './batch-write.ts';
import type { ListedItems } from './lister.ts';
import { DERIVED_ATTRIBUTES, INDEXES, KEYS, TABLE_KEYS, timelineItem } from './table-design.ts';
import type { IndexDesign } from './table-design.ts';
import type { AlertSink, ApplyReport, Homes } from '../core/alerts/ports.ts';

/**
 * How a lost race is retried: re-read, re-decide, write again after a jittered exponential pause
 * ("full jitter"), so that writers contending for one fingerprint in an alert storm spread out
 * instead of colliding again. 40 attempts with pauses capped at 250 ms outlast 64 concurrent
 * writers of one item (measured: `hotKeyFailedDeliveries` in the benchmark).
 */
export const CONFLICT_RETRY = { maxAttempts: 40, baseMs: 4, capMs: 250 } as const;

/** A jittered pause before retry `attempt` of a lost race. */
export const pause = (attempt: number): Promise<void> => {
  const ceiling = Math.min(CONFLICT_RETRY.capMs, CONFLICT_RETRY.baseMs * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
};
const CURRENT = KEYS.current;

type Item = Record<string, unknown>;

const alertPk = KEYS.alert.of;
const generationSk = KEYS.generation;
const timelinePk = KEYS.timeline.of;

/**
 * The incident store on DynamoDB: the only code that talks to the table. Every change is a
 * read, a pure lifecycle decision, and one write conditioned on the version read; a lost race
 * is re-read and re-decided, so concurrent writers never lose counts.
 */
export class AlertStore implements AlertSink {
  public constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly policy: AlertPolicy,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Apply a delivery's aggregates: one batched read, then one conditional write per fingerprint,
   * fingerprints concurrently (bounded) so that the latency does not grow with their number.
   * Alerts that need an incident (new ones, new generations) get it from `homes` before they are
   * written, so that the alert's one write records its incident too.
   */
  public async applyAggregates(
    aggregates: readonly SignalAggregate[],
    homes?: Homes,
    read?: (current: ReadonlyMap<string, Alert>) => void,
  ): Promise<ApplyReport> {
    const current = await this.getCurrentMany(aggregates.map((a) => a.fingerprint));
    const preview = this.preview(aggregates, current);
    read?.(preview.changing);
    const placed = homes ? await homes(preview.homeless) : new Map<string, string>();
    const withHome = (result: ApplyResult): ApplyResult => {
      const home = result.next && !result.next.incidentId ? placed.get(result.next.id) : undefined;
      return home ? { ...result, next: { ...result.next, incidentId: home } } : result;
    };
    // Two aggregates of one fingerprint (fired, then resolved) go in order, the second from the first's result.
    const chains = new Map<string, number[]>();
    for (const [index, aggregate] of aggregates.entries())
      chains.set(aggregate.fingerprint, [...(chains.get(aggregate.fingerprint) ?? []), index]);
    let conflicts = 0;
    const results = new Array<ApplyResult>(aggregates.length);
    await mapBounded([...chains.values()], STORE_CONCURRENCY, async (indexes) => {
      for (const index of indexes) {
        const aggregate = aggregates[index] as SignalAggregate;
        const outcome = await this.change(aggregate.fingerprint, current.get(aggregate.fingerprint), (alert) =>
          withHome(applyAggregate(alert, aggregate, this.policy, this.clock())),
        );
        conflicts += outcome.conflicts;
        results[index] = outcome.result;
        if (outcome.result.next) current.set(aggregate.fingerprint, outcome.result.next);
      }
    });
    return { results, conflicts };
  }

  /**
   * What these aggregates would do, decided on what was read: the alerts they would leave without an
   * incident (as they would be written), and the current alerts they would change (not duplicates).
   */
  private preview(
    aggregates: readonly SignalAggregate[],
    current: ReadonlyMap<string, Alert>,
  ): { homeless: Alert[]; changing: Map<string, Alert> } {
    const preview = new Map(current);
    const out = new Map<string, Alert>();
    const changing = new Map<string, Alert>();
    for (const aggregate of aggregates) {
      const before = preview.get(aggregate.fingerprint);
      const { next, outcome } = applyAggregate(before, aggregate, this.policy, this.clock());
      if (!next) continue;
      const known = current.get(aggregate.fingerprint);
      if (known && outcome !== 'duplicate' && outcome !== 'late') changing.set(aggregate.fingerprint, known);
      preview.set(aggregate.fingerprint, next);
      if (!next.incidentId) out.set(next.id, next);
    }
    return { homeless: [...out.values()], changing };
  }

  /**
   * Read-decide-write with optimistic concurrency for one fingerprint. `decide` gets the current
   * generation (or nothing) and returns the change; it is called again after a lost race.
   */
  public async change(
    fingerprint: string,
    known: Alert | undefined | null,
    decide: (current: Alert | undefined) => ApplyResult,
  ): Promise<{ result: ApplyResult; conflicts: number }> {
    let current = known === null ? await this.getCurrent(fingerprint) : known;
    let previousTimeline: TimelineEntry[] = [];
    for (let attempt = 1; ; attempt++) {
      const result = decide(current);
      if (
        (result.outcome === 'duplicate' || result.outcome === 'late') &&
        result.timeline.length === 0 &&
        result.next === current
      )
        return { result, conflicts: attempt - 1 };
      if (!result.next) return { result, conflicts: attempt - 1 };
      await this.writeTimeline(result.timeline, previousTimeline);
      try {
        if (result.archive) await this.archive(result.archive);
        await this.writeCurrent(result.next, current);
        return { result, conflicts: attempt - 1 };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException) || attempt >= CONFLICT_RETRY.maxAttempts) throw error;
        previousTimeline = result.timeline;
        await pause(attempt);
        current = await this.getCurrent(fingerprint);
      }
    }
  }

  /** The current generation of a fingerprint. */
  public async getCurrent(fingerprint: string): Promise<Alert | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: alertPk(fingerprint), sk: CURRENT },
        ConsistentRead: true,
      }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  /** Current generations of many fingerprints, in batches of 100. */
  public async getCurrentMany(fingerprints: readonly string[]): Promise<Map<string, Alert>> {
    const keys = [...new Set(fingerprints)].map((fp) => ({ pk: alertPk(fp), sk: CURRENT }));
    const items = await batchGetAll(this.client, this.tableName, keys, { consistent: true });
    return new Map(items.map((item) => fromItem(item)).map((alert) => [alert.fingerprint, alert]));
  }

  /** Any generation by id; throws {@link AlertNotFoundError}. */
  public async getAlert(id: string): Promise<Alert> {
    const parsed = parseAlertId(id);
    if (!parsed) throw new AlertNotFoundError(id);
    const current = await this.getCurrent(parsed.fingerprint);
    if (current?.generation === parsed.generation) return current;
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: alertPk(parsed.fingerprint), sk: generationSk(parsed.generation) },
      }),
    );
    if (!Item) throw new AlertNotFoundError(id);
    return fromItem(Item);
  }

  /**
   * Apply a change (acknowledge, resolve …) to an incident by id. Only the current generation
   * changes; earlier generations are history.
   */
  public async changeAlert(id: string, decide: (current: Alert) => ApplyResult): Promise<ApplyResult> {
    const incident = await this.getAlert(id);
    const { result } = await this.change(incident.fingerprint, null, (current) => {
      if (!current || current.id !== id) {
        throw new TransitionError(
          `alert ${id} is an earlier generation of ${current?.id ?? 'a removed alert'} and can no longer change`,
        );
      }
      return decide(current);
    });
    return result;
  }

  /** Add a timeline entry (a note) to an incident. */
  public async addTimelineEntry(entry: TimelineEntry): Promise<void> {
    await this.getAlert(entry.alertId);
    await this.writeTimeline([entry], []);
  }

  /** The timeline of an incident, oldest first, with the derived "created" entry. */
  public async timeline(id: string): Promise<TimelineEntry[]> {
    const incident = await this.getAlert(id);
    const entries: TimelineEntry[] = [createdEntry(incident)];
    let start: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': timelinePk(id) },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) entries.push(timelineFromItem(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return entries.sort((a, b) => a.at.localeCompare(b.at));
  }

  /** The alerts that name an incident, oldest first (a Query on the sparse `byIncident` index). */
  public async ofIncident(incidentId: string): Promise<Alert[]> {
    const out: Alert[] = [];
    let start: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: INDEXES.byIncident.name,
          KeyConditionExpression: '#pk = :id',
          ExpressionAttributeNames: { '#pk': INDEXES.byIncident.partitionKey },
          ExpressionAttributeValues: { ':id': incidentId },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) out.push(fromItem(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** Open or acknowledged alerts whose quiet period ended by `now` (a Query on the sparse index). */
  public async dueForAutoResolve(now: number, limit = 100): Promise<Alert[]> {
    return this.querySparse(INDEXES.dueForAutoResolve, 'DUE', limit, {
      condition: '#sk <= :until',
      until: new Date(now).toISOString(),
    });
  }

  /** Items of a sparse index's one partition, oldest first, up to `limit`. */
  private async querySparse(
    index: IndexDesign,
    partition: string,
    limit: number,
    range?: { condition: string; until: string },
  ): Promise<Alert[]> {
    const out: Alert[] = [];
    let start: Item | undefined;
    do {
      const input: QueryCommandInput = {
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: `#pk = :partition${range ? ` AND ${range.condition}` : ''}`,
        ExpressionAttributeNames: { '#pk': index.partitionKey, ...(range ? { '#sk': index.sortKey } : {}) },
        ExpressionAttributeValues: { ':partition': partition, ...(range ? { ':until': range.until } : {}) },
        Limit: limit - out.length,
        ExclusiveStartKey: start,
      };
      const page = await this.client.send(new QueryCommand(input));
      for (const item of page.Items ?? []) out.push(fromItem(item));
      start = page.LastEvaluatedKey;
    } while (start && out.length < limit);
    return out;
  }

  private async archive(incident: Alert): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: toItem(incident, generationSk(incident.generation)) }),
    );
  }

  /**
   * Write the current generation: every attribute of `next` is set, every attribute `current` had
   * and `next` has not is removed, all conditioned on the version that was read.
   */
  private async writeCurrent(next: Alert, current: Alert | undefined): Promise<void> {
    const item = toItem(next, CURRENT);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    const removes: string[] = [];
    const keys = new Set<string>([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey]);
    Object.entries(item).forEach(([name, value], i) => {
      if (keys.has(name) || value === undefined) return;
      names[`#a${i}`] = name;
      values[`:a${i}`] = value;
      sets.push(`#a${i} = :a${i}`);
    });
    const before = current ? toItem(current, CURRENT) : {};
    Object.keys(before).forEach((name, i) => {
      if (keys.has(name) || item[name] !== undefined || before[name] === undefined) return;
      names[`#r${i}`] = name;
      removes.push(`#r${i}`);
    });
    if (current) {
      names['#version'] = 'version';
      values[':expected'] = current.version;
    }
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: item.pk, sk: CURRENT },
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: current ? '#version = :expected' : 'attribute_not_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  /** Write entries (and delete those a lost race wrote that the retry no longer makes). */
  private async writeTimeline(entries: readonly TimelineEntry[], stale: readonly TimelineEntry[]): Promise<void> {
    const keys = new Set(entries.map((e) => e.key));
    const requests: Item[] = [
      ...stale
        .filter((e) => !keys.has(e.key))
        .map((e) => ({ DeleteRequest: { Key: { pk: timelinePk(e.alertId), sk: e.key } } })),
      ...entries.map((e) => ({ PutRequest: { Item: timelineItem(e) } })),
    ];
    await batchWriteAll(this.client, this.tableName, requests);
  }
}

/** An incident as a table item, with the index keys derived from it. */
export function toItem(incident: Alert, sk: string): Item {
  const startedKey = `${incident.startedAt}#${incident.id}`;
  return {
    [TABLE_KEYS.partitionKey]: alertPk(incident.fingerprint),
    [TABLE_KEYS.sortKey]: sk,
    ...incident,
    // A string set: the escalation workflow adds to it with ADD (and bumps the version).
    pagedTeams: incident.pagedTeams && incident.pagedTeams.length > 0 ? new Set(incident.pagedTeams) : undefined,
    statusKey: incident.status,
    clusterKey: incident.cluster,
    teamKey: incident.team,
    severityKey: incident.severity,
    ruleKey: `${incident.cluster}#${incident.rule}`,
    monthKey: incident.startedAt.slice(0, 7),
    startedKey,
    // Only the current generation, while not resolved, waits for the sweeper.
    dueKey: sk === CURRENT && incident.status !== 'resolved' && incident.autoResolveAt ? 'DUE' : undefined,
    incidentKey: incident.incidentId,
  };
}

/** An alert from a table item. */
export function fromItem(item: Item): Alert {
  const { pagedTeams, ...rest } = item;
  const incident = Object.fromEntries(Object.entries(rest).filter(([name]) => !DERIVED_ATTRIBUTES.has(name)));
  return {
    seen: {},
    samples: [],
    actors: [],
    flaps: 0,
    ...incident,
    ...(pagedTeams instanceof Set ? { pagedTeams: [...pagedTeams].sort() } : {}),
  } as unknown as Alert;
}

function timelineFromItem(item: Item): TimelineEntry {
  const { pk: _pk, sk: _sk, ...entry } = item;
  return entry as unknown as TimelineEntry;
}

/** Alerts as the list indexes hold them (their index values carry no prefix). */
export const ALERT_ITEMS: ListedItems<Alert> = { prefix: '', parse: fromItem };
