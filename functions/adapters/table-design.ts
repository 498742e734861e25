/**
 * The incident table's design, as plain data: the CDK construct and the local runtime both build
 * the table from it, so the emulated table is the deployed one.
 *
 * | item | pk | sk |
 * |---|---|---|
 * | current generation of an alert's fingerprint | `INC#<fingerprint>` | `CURRENT` |
 * | an earlier generation of an alert | `INC#<fingerprint>` | `GEN#<generation, 9 digits>` |
 * | a generation of an incident (a group of alerts) | `GRP#<group>` | `GEN#<generation, 9 digits>` |
 * | timeline entry of an alert or an incident | `TL#<id>` | `<kind>#<token>` (read whole, ordered by `at`) |
 * | silence | `SILENCE` | `<id>` |
 * | identity of a cluster (authenticator) | `ID#<cluster>` | `uid#<uid>`, `user#<username>`, `key#<access key>` |
 * | chat message posted for an incident event (kept a week) | `CHAT#<event id>` | `<team>/<channel>` |
 *
 * Alerts keep the `INC#` prefix from before incidents grouped them, so tables deployed earlier keep
 * their history. Every alert and incident item carries the keys of the list indexes; they sort by
 * `<startedAt>#<id>`, newest first when read backwards; incidents' index values start with
 * {@link INCIDENT_INDEX_PREFIX}, so one index answers both.
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;

/**
 * A key made of a fixed prefix and one value. Everything that builds a key uses these, the
 * escalation workflow included: its plan carries the incident's key as the store built it.
 */
export interface KeyFormat {
  readonly prefix: string;
  of(value: string): string;
}

function keyFormat(prefix: string): KeyFormat {
  return { prefix, of: (value) => `${prefix}${value}` };
}

/** Every key of the table, by item. */
export const KEYS = {
  /** Partition of a fingerprint's alert generations (`INC#`: alerts were once called incidents). */
  alert: keyFormat('INC#'),
  /** Partition of a group's incident generations; every generation has its own `GEN#` item. */
  incident: keyFormat('GRP#'),
  /** Sort key of the current generation. */
  current: 'CURRENT',
  /** Sort key of an earlier generation (nine digits: they sort in order). */
  generation: (generation: number): string => `GEN#${String(generation).padStart(9, '0')}`,
  /** Partition of an alert's or an incident's timeline (by id); sort keys are `<kind>#<token>`. */
  timeline: keyFormat('TL#'),
  /** Partition of the silences. */
  silences: 'SILENCE',
  /** Partition of a cluster's changes; sort keys are `<at>#<eventId>`. */
  changes: keyFormat('CHANGE#'),
  /** Partition of the incidents resolved that started in a month (`RES#<yyyy-mm>`); sort keys `<startedAt>#<id>`. */
  resolutions: keyFormat('RES#'),
  /** Partition of a cluster's baseline: sort key `START`, and `A#<hash>` per principal action seen. */
  baseline: keyFormat('BASE#'),
  /** A used acknowledgement-link nonce (sort key `USED`). */
  ackNonce: keyFormat('ACK#'),
  /** A chat message posted for one incident event to one channel (sort key: the channel): never posted twice. */
  chatPost: keyFormat('CHAT#'),
  /** Partition of a cluster's identities (who is who, from authenticator lines); sort keys `uid#…`, `user#…`, `key#…`. */
  identities: keyFormat('ID#'),
} as const;

/** Index values of incidents start with this; alerts' have no prefix. */
export const INCIDENT_INDEX_PREFIX = 'I#';

/** A timeline entry (of an alert, or of an incident) as its table item. */
export function timelineItem(
  entry: { readonly key: string } & ({ readonly alertId: string } | { readonly incidentId: string }),
): Record<string, unknown> {
  const owner = 'alertId' in entry ? entry.alertId : entry.incidentId;
  return { [TABLE_KEYS.partitionKey]: KEYS.timeline.of(owner), [TABLE_KEYS.sortKey]: entry.key, ...entry };
}

/** A global secondary index: its partition attribute and the value prefix. */
export interface IndexDesign {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

/** List indexes of alerts and incidents (by status, cluster, team, severity, rule on a cluster, month); due auto-resolves; waiting escalations; alerts by incident. */
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
  /** Sparse: alerts by the incident they belong to. */
  byIncident: { name: 'byIncident', partitionKey: 'incidentKey', sortKey: 'startedKey' },
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
