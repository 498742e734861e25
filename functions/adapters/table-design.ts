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
