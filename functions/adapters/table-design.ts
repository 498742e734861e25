/**
 * The incident table's design, as plain data: the CDK construct and the local runtime both build
 * the table from it, so the emulated table is the deployed one.
 *
 * | item | pk | sk |
 * |---|---|---|
 * | current generation of a fingerprint | `INC#<fingerprint>` | `CURRENT` |
 * | an earlier generation | `INC#<fingerprint>` | `GEN#<generation, 9 digits>` |
 * | timeline entry | `TL#<incident id>` | `<kind>#<token>` (read whole, ordered by `at`) |
 * | silence | `SILENCE` | `<id>` |
 *
 * Every incident item (current or earlier) carries the keys of the list indexes; they sort by
 * `<startedAt>#<id>`, newest first when read backwards.
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;

/**
 * A key made of a fixed prefix and one value. The store builds it with `of`; the escalation state
 * machine builds the same key with `statesFormat` (an intrinsic over a JSONPath), so the two can
 * never drift apart.
 */
export interface KeyFormat {
  readonly prefix: string;
  of(value: string): string;
  /** `States.Format('<prefix>{}', <path>)` */
  statesFormat(jsonPath: string): string;
}

function keyFormat(prefix: string): KeyFormat {
  return {
    prefix,
    of: (value) => `${prefix}${value}`,
    statesFormat: (path) => `States.Format('${prefix}{}', ${path})`,
  };
}

/** Every key of the table, by item. */
export const KEYS = {
  /** Partition of a fingerprint's incident generations. */
  incident: keyFormat('INC#'),
  /** Sort key of the current generation. */
  current: 'CURRENT',
  /** Sort key of an earlier generation (nine digits: they sort in order). */
  generation: (generation: number): string => `GEN#${String(generation).padStart(9, '0')}`,
  /** Partition of an incident's timeline (by incident id); sort keys are `<kind>#<token>`. */
  timeline: keyFormat('TL#'),
  /** Partition of the silences. */
  silences: 'SILENCE',
  /** Partition of a cluster's changes; sort keys are `<at>#<eventId>`. */
  changes: keyFormat('CHANGE#'),
  /** A used acknowledgement-link nonce (sort key `USED`). */
  ackNonce: keyFormat('ACK#'),
} as const;

/** A timeline entry as its table item. */
export function timelineItem(entry: { readonly incidentId: string; readonly key: string }): Record<string, unknown> {
  return { [TABLE_KEYS.partitionKey]: KEYS.timeline.of(entry.incidentId), [TABLE_KEYS.sortKey]: entry.key, ...entry };
}

/** A global secondary index: its partition attribute and the value prefix. */
export interface IndexDesign {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

/** List indexes: incidents by status, cluster, team, severity, rule on a cluster, month; due auto-resolves. */
export const INDEXES = {
  byStatus: { name: 'byStatus', partitionKey: 'statusKey', sortKey: 'startedKey' },
  byCluster: { name: 'byCluster', partitionKey: 'clusterKey', sortKey: 'startedKey' },
  byTeam: { name: 'byTeam', partitionKey: 'teamKey', sortKey: 'startedKey' },
  bySeverity: { name: 'bySeverity', partitionKey: 'severityKey', sortKey: 'startedKey' },
  byRule: { name: 'byRule', partitionKey: 'ruleKey', sortKey: 'startedKey' },
  /** Every incident by the month it started: unfiltered lists walk months backwards. */
  byMonth: { name: 'byMonth', partitionKey: 'monthKey', sortKey: 'startedKey' },
  /** Sparse: only open or acknowledged incidents with a quiet period. */
  dueForAutoResolve: { name: 'dueForAutoResolve', partitionKey: 'dueKey', sortKey: 'autoResolveAt' },
  /** Sparse: only incidents whose escalation waits for the sweeper (an alert storm's overflow). */
  pendingEscalation: { name: 'pendingEscalation', partitionKey: 'pendingKey', sortKey: 'startedKey' },
} as const satisfies Record<string, IndexDesign>;

/** Attributes an item carries only for the table (its keys and the index keys), not part of the incident. */
export const DERIVED_ATTRIBUTES: ReadonlySet<string> = new Set([
  TABLE_KEYS.partitionKey,
  TABLE_KEYS.sortKey,
  'startedKey',
  ...Object.values(INDEXES).map((index) => index.partitionKey),
]);

/** The TTL attribute (epoch seconds) of resolved incidents and their timelines. */
export const TTL_ATTRIBUTE = 'expiresAt';

/** Attribute names of every key (all strings). */
export const KEY_ATTRIBUTES = [
  TABLE_KEYS.partitionKey,
  TABLE_KEYS.sortKey,
  ...new Set(Object.values(INDEXES).flatMap((index) => [index.partitionKey, index.sortKey])),
];
