import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AlertPolicy } from '../core/alerts/policy.ts';
import type { Alert } from '../core/alerts/types.ts';
import { IncidentNotFoundError } from '../core/incidents/errors.ts';
import type { AlertChange, IncidentChange, IncidentStart } from '../core/incidents/lifecycle.ts';
import { applyAlerts, startIncident } from '../core/incidents/lifecycle.ts';
import type { ResolutionRecord } from '../core/insights/insights.ts';
import { resolutionRecord } from '../core/insights/insights.ts';
import type { Incident, IncidentTimelineEntry } from '../core/incidents/types.ts';
import { CONFLICT_RETRY, pause } from './alert-store.ts';
import { mapBounded, STORE_CONCURRENCY } from '../core/concurrency.ts';
import { batchGetAll } from './batch-get.ts';
import { batchWriteAll } from './batch-write.ts';
import type { ListedItems } from './lister.ts';
import { DERIVED_ATTRIBUTES, INCIDENT_INDEX_PREFIX, INDEXES, KEYS, TABLE_KEYS, timelineItem } from './table-design.ts';
import type { IncidentQueue, IncidentReport, IncidentWork } from '../core/incidents/ports.ts';
import { derivedEntries } from '../core/incidents/timeline.ts';
import { parseIncidentId } from '../core/incidents/ids.ts';

type Item = Record<string, unknown>;

/** Merged incidents point at the one that took their alerts; a chain is followed this far. */
const MAX_MERGE_HOPS = 5;

/**
 * Incidents on DynamoDB: one item per generation of a group (`GRP#<group>` / `GEN#<generation>`).
 * Every change is a read, a pure decision and one write conditioned on the version read; a lost
 * race is re-read and re-decided.
 */
export class IncidentStore implements IncidentQueue {
  public constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly policy: AlertPolicy,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The newest generation of each group (absent when a group has none): one consistent Query each. */
  public async latest(groups: readonly string[]): Promise<Map<string, Incident | undefined>> {
    const out = new Map<string, Incident | undefined>();
    await Promise.all(
      [...new Set(groups)].map(async (group) => {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': KEYS.incident.of(group) },
            ScanIndexForward: false,
            Limit: 1,
            ConsistentRead: true,
          }),
        );
        const item = page.Items?.[0];
        out.set(group, item ? fromItem(item) : undefined);
      }),
    );
    return out;
  }

  /** An incident by id, or `undefined`. */
  public async find(id: string): Promise<Incident | undefined> {
    const key = keyOf(id);
    if (!key) return undefined;
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  /** An incident by id; throws {@link IncidentNotFoundError}. */
  public async get(id: string): Promise<Incident> {
    const incident = await this.find(id);
    if (!incident) throw new IncidentNotFoundError(id);
    return incident;
  }

  /** Incidents by id, in batches read side by side. */
  public async findMany(ids: readonly string[]): Promise<Map<string, Incident | undefined>> {
    const keys = [...new Set(ids)].flatMap((id) => keyOf(id) ?? []);
    const items = await batchGetAll(this.client, this.tableName, keys, { consistent: true });
    const found = new Map(items.map((item) => fromItem(item)).map((incident) => [incident.id, incident]));
    return new Map(ids.map((id) => [id, found.get(id)]));
  }

  /** Where an incident's alerts live now: itself, or the incident it was merged into. */
  public async home(id: string): Promise<Incident | undefined> {
    let incident = await this.find(id);
    for (let hop = 0; incident?.mergedInto && hop < MAX_MERGE_HOPS; hop++)
      incident = await this.find(incident.mergedInto);
    return incident;
  }

  /**
   * Apply the alerts of a delivery to their incidents: each incident is read (following merges),
   * started when it does not exist yet, changed by the pure lifecycle and written once, conditioned
   * on the version read. An incident that holds every alert version already is not written.
   */
  public async applyAlertChanges(
    work: ReadonlyMap<string, IncidentWork>,
    known: ReadonlyMap<string, Incident | undefined> = new Map(),
  ): Promise<IncidentReport> {
    // Incidents are independent: concurrently (bounded), so that latency does not grow with their number.
    const outcomes = await mapBounded([...work], STORE_CONCURRENCY, ([id, { start, alerts }]) =>
      this.changeOrStart(id, start, alerts, known),
    );
    return {
      results: outcomes.flatMap((o) => (o.change ? [o.change] : [])),
      conflicts: outcomes.reduce((sum, o) => sum + o.conflicts, 0),
    };
  }

  private async changeOrStart(
    id: string,
    start: IncidentStart | undefined,
    alerts: readonly AlertChange[],
    known: ReadonlyMap<string, Incident | undefined>,
  ): Promise<{ change?: IncidentChange; conflicts: number }> {
    const first = alerts[0]?.alert;
    for (let attempt = 1; ; attempt++) {
      // Read earlier in the delivery: trusted once (a write conditioned on it fails if it changed since).
      const earlier = attempt === 1 && known.has(id) ? known.get(id) : null;
      const found = earlier !== null && !earlier?.mergedInto ? earlier : await this.home(id);
      // An incident a placement decided on, that nobody started yet: start it (the first alert leads).
      const current =
        found ?? (start && first ? startIncident(start, first, this.clock()) : await this.startLate(id, first));
      if (!current) return { conflicts: attempt - 1 };
      const change = applyAlerts(current, alerts, this.policy, this.clock());
      if (change.outcome === 'unchanged') return { change, conflicts: attempt - 1 };
      try {
        await this.write(change, found);
        return { change, conflicts: attempt - 1 };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException) || attempt >= CONFLICT_RETRY.maxAttempts) throw error;
        await pause(attempt);
      }
    }
  }

  /** An incident id whose item is missing though an alert names it (its creator crashed first): started again. */
  private async startLate(id: string, first: Alert | undefined): Promise<Incident | undefined> {
    const parsed = parseIncidentId(id);
    if (!parsed || !first) return undefined;
    return startIncident(
      {
        group: parsed.group,
        groupKey: `recovered|${id}`,
        policy: 'alert',
        generation: parsed.generation,
        title: '{lead}',
      },
      first,
      this.clock(),
    );
  }

  /**
   * Read-decide-write for a change by id (acknowledge, resolve, merge …); `decide` is called again
   * after a lost race. Throws {@link IncidentNotFoundError}.
   */
  public async change(id: string, decide: (current: Incident) => IncidentChange): Promise<IncidentChange> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(id);
      const change = decide(current);
      if (change.outcome === 'unchanged') return change;
      try {
        await this.write(change, current);
        return change;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException) || attempt >= CONFLICT_RETRY.maxAttempts) throw error;
        await pause(attempt);
      }
    }
  }

  /** Write a change: the item (conditioned on the version read, or on not existing) and its timeline entries. */
  private async write(change: IncidentChange, current: Incident | undefined): Promise<void> {
    // Written first and keyed by the incident: a retry writes the same item again, never a second one.
    const record = current?.status !== 'resolved' ? resolutionRecord(change.next) : undefined;
    if (record)
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: resolutionItem(record, change.next) }));
    if (change.timeline.length > 0)
      await batchWriteAll(
        this.client,
        this.tableName,
        change.timeline.map((e) => ({ PutRequest: { Item: timelineItem(e) } })),
      );
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: toItem(change.next),
        ConditionExpression: current ? '#version = :expected' : 'attribute_not_exists(pk)',
        ExpressionAttributeNames: current ? { '#version': 'version' } : undefined,
        ExpressionAttributeValues: current ? { ':expected': current.version } : undefined,
      }),
    );
  }

  /** Add an entry (a note) to an incident's timeline. */
  public async addTimelineEntry(entry: IncidentTimelineEntry): Promise<void> {
    await this.get(entry.incidentId);
    await batchWriteAll(this.client, this.tableName, [{ PutRequest: { Item: timelineItem(entry) } }]);
  }

  /** The timeline of an incident, oldest first, with the entries derived from the incident itself. */
  public async timeline(id: string): Promise<IncidentTimelineEntry[]> {
    const incident = await this.get(id);
    const entries: IncidentTimelineEntry[] = derivedEntries(incident);
    let start: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': KEYS.timeline.of(id) },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const { pk: _pk, sk: _sk, ...entry } = item;
        entries.push(entry as unknown as IncidentTimelineEntry);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return entries.sort((a, b) => a.at.localeCompare(b.at));
  }

  /** Open incidents of a cluster started at or after `since`, newest first (for a cause to absorb). */
  public async openInCluster(cluster: string, since: string, limit = 50): Promise<Incident[]> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEXES.byCluster.name,
        KeyConditionExpression: '#pk = :pk AND #sk >= :since',
        FilterExpression: '#status <> :resolved',
        ExpressionAttributeNames: {
          '#pk': INDEXES.byCluster.partitionKey,
          '#sk': INDEXES.byCluster.sortKey,
          '#status': 'status',
        },
        ExpressionAttributeValues: {
          ':pk': `${INCIDENT_INDEX_PREFIX}${cluster}`,
          ':since': since,
          ':resolved': 'resolved',
        },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map(fromItem);
  }

  /** Incidents whose escalation waits for the sweeper, oldest first. */
  public async pendingEscalations(limit: number): Promise<Incident[]> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEXES.pendingEscalation.name,
        KeyConditionExpression: '#pk = :pending',
        ExpressionAttributeNames: { '#pk': INDEXES.pendingEscalation.partitionKey },
        ExpressionAttributeValues: { ':pending': PENDING },
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map(fromItem);
  }

  /** Mark an incident's escalation as waiting for the sweeper (with a timeline entry saying why). */
  public async defer(incident: Incident): Promise<void> {
    const now = this.clock();
    await this.change(incident.id, (current) => ({
      outcome: 'updated',
      next: { ...current, escalationPending: true, version: current.version + 1 },
      timeline: [
        {
          incidentId: current.id,
          at: new Date(now).toISOString(),
          key: `note#deferred-${current.escalatedSeverity ?? current.severity}`,
          kind: 'note',
          by: 'watchkeeper',
          text: 'Escalation queued: its delivery started its share of escalations already (alert storm); the sweeper starts it within a minute',
        },
      ],
      escalate: false,
    }));
  }

  /** Clear the waiting mark once the escalation has started. */
  public async escalationStarted(incident: Incident): Promise<void> {
    await this.change(incident.id, (current) => ({
      outcome: 'updated',
      next: { ...current, escalationPending: undefined, version: current.version + 1 },
      timeline: [],
      escalate: false,
    }));
  }

  /** The table key of an incident's item (the escalation workflow reads and updates that item). */
  public itemKey(id: string): { pk: string; sk: string } {
    const key = keyOf(id);
    if (!key) throw new IncidentNotFoundError(id);
    return key;
  }

  /** Mark an incident as announced to the business topic. */
  public async markAnnounced(id: string): Promise<void> {
    await this.change(id, (current) =>
      current.statusAnnounced
        ? { outcome: 'unchanged', next: current, timeline: [], escalate: false }
        : {
            outcome: 'updated',
            next: { ...current, statusAnnounced: true, version: current.version + 1 },
            timeline: [],
            escalate: false,
          },
    );
  }
}

const PENDING = `${INCIDENT_INDEX_PREFIX}PENDING`;

/** The table key of an incident id, or `undefined` when it is not one. */
export function keyOf(id: string): { pk: string; sk: string } | undefined {
  const parsed = parseIncidentId(id);
  return parsed ? { pk: KEYS.incident.of(parsed.group), sk: KEYS.generation(parsed.generation) } : undefined;
}

/** An incident as a table item, with its (prefixed) list index keys. */
export function toItem(incident: Incident): Item {
  const p = INCIDENT_INDEX_PREFIX;
  return {
    [TABLE_KEYS.partitionKey]: KEYS.incident.of(incident.group),
    [TABLE_KEYS.sortKey]: KEYS.generation(incident.generation),
    ...incident,
    // A string set: the escalation workflow adds to it with ADD (and bumps the version).
    pagedTeams: incident.pagedTeams && incident.pagedTeams.length > 0 ? new Set(incident.pagedTeams) : undefined,
    statusKey: `${p}${incident.status}`,
    clusterKey: `${p}${incident.cluster}`,
    teamKey: `${p}${incident.team}`,
    severityKey: `${p}${incident.severity}`,
    ruleKey: `${p}${incident.cluster}#${incident.rule}`,
    monthKey: `${p}${incident.startedAt.slice(0, 7)}`,
    startedKey: `${incident.startedAt}#${incident.id}`,
    pendingKey: incident.escalationPending && incident.status !== 'resolved' ? PENDING : undefined,
  };
}

/** The item of a resolution record: by the month it started, kept as long as the incident. */
export function resolutionItem(record: ResolutionRecord, incident: Incident): Item {
  return {
    [TABLE_KEYS.partitionKey]: KEYS.resolutions.of(record.startedAt.slice(0, 7)),
    [TABLE_KEYS.sortKey]: `${record.startedAt}#${record.id}`,
    ...record,
    ...(incident.expiresAt ? { expiresAt: incident.expiresAt } : {}),
  };
}

/** An incident from a table item. */
export function fromItem(item: Item): Incident {
  const { pagedTeams, ...rest } = item;
  const incident = Object.fromEntries(Object.entries(rest).filter(([name]) => !DERIVED_ATTRIBUTES.has(name)));
  return {
    alerts: [],
    flaps: 0,
    ...incident,
    ...(pagedTeams instanceof Set ? { pagedTeams: [...pagedTeams].sort() } : {}),
  } as unknown as Incident;
}

/** Incidents as the list indexes hold them. */
export const INCIDENT_ITEMS: ListedItems<Incident> = { prefix: INCIDENT_INDEX_PREFIX, parse: fromItem };
