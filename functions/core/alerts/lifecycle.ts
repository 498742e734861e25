import { REOPENED } from '../handling.ts';
import { maxSeverity, severityRank } from '../vocabulary.ts';
import type { SignalAggregate } from './aggregate.ts';
import { TransitionError } from './errors.ts';
import { knownPlace } from '../routing.ts';
import { iso } from '../time.ts';
import type { AlertPolicy } from './policy.ts';
import type { EvidenceSample, Alert, TimelineEntry } from './types.ts';

/** What applying a delivery did to an incident. */
export type ApplyOutcome =
  | 'created'
  | 'updated'
  | 'reopened'
  | 'new-generation'
  | 'duplicate'
  | 'late'
  | 'resolved-by-source';

/** The result of {@link applyAggregate}: the state to write, and what else follows. */
export interface ApplyResult {
  readonly outcome: ApplyOutcome;
  /** The incident to write (unchanged for a duplicate). */
  readonly next: Alert;
  /** The previous generation, to keep as history when a new one starts. */
  readonly archive?: Alert;
  readonly timeline: TimelineEntry[];
  /** True when the escalation workflow must (re)start for this generation. */
  readonly escalate: boolean;
}

const MINUTE = 60_000;
const later = (a: string, b: string): string => (a > b ? a : b);
const earlier = (a: string, b: string): string => (a < b ? a : b);

/** `<fingerprint>.<generation>` */
export const alertId = (fingerprint: string, generation: number): string => `${fingerprint}.${generation}`;

/** Split an incident id; `undefined` when it is not one (one canonical form: `<fp>.01` is not `<fp>.1`). */
export function parseAlertId(id: string): { fingerprint: string; generation: number } | undefined {
  const match = /^([A-Za-z0-9_-]{8,64})\.([1-9]\d{0,8})$/.exec(id);
  return match ? { fingerprint: match[1], generation: Number(match[2]) } : undefined;
}

/**
 * Apply one delivery's aggregate to the current incident of its fingerprint (or to none).
 * Pure: the store reads, calls this, and writes `next` conditioned on the version it read.
 *
 * - no incident → created;
 * - the delivery token was already applied → duplicate (nothing changes);
 * - open or acknowledged → counts added, severity raised if higher (re-escalates);
 * - resolved by its source, and the delivery's events all happened before that resolution → late:
 *   a firing overtaken by its own resolution changes nothing (it never reopens);
 * - resolved, and the delivery's first event is within the reopen window → reopened (a flap);
 * - resolved longer ago → a new generation starts and the old one is archived.
 */
export function applyAggregate(
  current: Alert | undefined,
  agg: SignalAggregate,
  policy: AlertPolicy,
  now: number,
): ApplyResult {
  if (current && current.seen[agg.token] !== undefined) {
    return { outcome: 'duplicate', next: current, timeline: [], escalate: false };
  }
  if (agg.action !== 'open') return fromSource(current, agg, policy, now);
  if (!current) return startGeneration(agg, 1, 0, policy, now);
  if (current.status === 'resolved') {
    const resolvedAt = Date.parse(current.resolvedAt ?? current.lastSeen);
    if (current.resolvedBy === current.source && Date.parse(agg.lastSeen) <= resolvedAt) {
      return { outcome: 'late', next: current, timeline: [], escalate: false };
    }
    // Event time, not arrival time: replaying old input gives the same incidents as living through it.
    if (Date.parse(agg.firstSeen) - resolvedAt > policy.reopenWindowMinutes * MINUTE) {
      const fresh = startGeneration(agg, current.generation + 1, current.version, policy, now, current.seen);
      return { ...fresh, outcome: 'new-generation', archive: current };
    }
    return reopen(current, agg, policy, now);
  }
  return addTo(current, agg, policy, now);
}

/**
 * A source's own word: `resolve` ends the open generation (alarm OK, alert resolved), `record` notes
 * it (alarm INSUFFICIENT_DATA). A resolution that overtook its firing (the source says when the
 * episode began) is kept as a generation that opened and resolved, so that the late firing finds it;
 * nothing else creates an incident or reopens a resolved one.
 */
function fromSource(current: Alert | undefined, agg: SignalAggregate, policy: AlertPolicy, now: number): ApplyResult {
  const nothing: ApplyResult = { outcome: 'duplicate', next: current as Alert, timeline: [], escalate: false };
  if (!current || current.status === 'resolved') {
    if (agg.action !== 'resolve' || agg.episodeStart === undefined) return nothing;
    if (!current) return startResolved(agg, 1, 0, policy, now);
    const resolvedAt = Date.parse(current.resolvedAt ?? current.lastSeen);
    // Already resolved by the source at or after this: a redelivery or an older notification.
    if (current.resolvedBy !== current.source || Date.parse(agg.lastSeen) <= resolvedAt) return nothing;
    if (Date.parse(agg.episodeStart) - resolvedAt > policy.reopenWindowMinutes * MINUTE) {
      const fresh = startResolved(agg, current.generation + 1, current.version, policy, now, current.seen);
      return { ...fresh, archive: current };
    }
    return firedAndResolvedAgain(current, agg, policy, now);
  }
  const reason = String(agg.first.evidence['alarm.reason'] ?? '').slice(0, 300);
  const seen = remember(current.seen, agg.token, policy, now);
  if (agg.action === 'record') {
    const next = { ...current, seen, version: current.version + 1 };
    return {
      outcome: 'updated',
      next,
      timeline: [
        entry(
          current.id,
          now,
          'note',
          agg.first.source,
          agg.token,
          `${agg.first.source} reports ${String(agg.first.evidence['alarm.state'] ?? 'a state change')}${reason ? `: ${reason}` : ''}`,
        ),
      ],
      escalate: false,
    };
  }
  const resolved = resolve(
    { ...current, seen, lastSeen: later(current.lastSeen, agg.lastSeen) },
    agg.first.source,
    sourceResolution(agg),
    policy,
    now,
    agg.token,
    Date.parse(agg.lastSeen),
  );
  return { ...resolved, outcome: 'resolved-by-source' };
}

/** What a source says when it resolves. */
function sourceResolution(agg: SignalAggregate): string {
  const reason = String(agg.first.evidence['alarm.reason'] ?? '').slice(0, 300);
  return agg.first.source === 'cloudwatch-alarm'
    ? `Alarm returned to OK${reason ? `: ${reason}` : ''}`
    : `Resolved at the source (${agg.first.source})`;
}

/**
 * A generation that opened and resolved before its firing arrived: recorded (the resolution says it
 * fired), resolved at the source's time, never paged.
 */
function startResolved(
  agg: SignalAggregate,
  generation: number,
  version: number,
  policy: AlertPolicy,
  now: number,
  seen: Alert['seen'] = {},
): ApplyResult {
  const { next } = startGeneration(agg, generation, version, policy, now, seen);
  const opened: Alert = { ...next, firstSeen: agg.episodeStart ?? agg.firstSeen, escalatedSeverity: undefined };
  const resolved = resolve(
    opened,
    agg.first.source,
    sourceResolution(agg),
    policy,
    now,
    agg.token,
    Date.parse(agg.lastSeen),
  );
  const note = entry(
    opened.id,
    now,
    'note',
    agg.first.source,
    agg.token,
    `Resolved at the source before its firing arrived (fired ${opened.firstSeen}): recorded, not paged`,
  );
  return {
    ...resolved,
    outcome: 'resolved-by-source',
    next: { ...resolved.next, version: version + 1 },
    timeline: [note, ...resolved.timeline],
  };
}

/** A resolved generation whose alert fired and resolved again unseen within the reopen window: a flap, still resolved. */
function firedAndResolvedAgain(current: Alert, agg: SignalAggregate, policy: AlertPolicy, now: number): ApplyResult {
  const merged = merge(current, agg, policy, now);
  const next: Alert = {
    ...merged,
    flaps: current.flaps + 1,
    resolvedAt: agg.lastSeen,
    autoResolveAt: undefined,
    lastSeen: later(current.lastSeen, agg.lastSeen),
  };
  const text = `Fired at ${agg.episodeStart} and resolved again at ${agg.lastSeen} before its firing arrived (flap ${next.flaps})`;
  return {
    outcome: 'resolved-by-source',
    next,
    timeline: [entry(current.id, now, 'reopened', agg.first.source, agg.token, text)],
    escalate: false,
  };
}

function startGeneration(
  agg: SignalAggregate,
  generation: number,
  version: number,
  policy: AlertPolicy,
  now: number,
  seen: Alert['seen'] = {},
): ApplyResult {
  const s = agg.first;
  const id = alertId(agg.fingerprint, generation);
  const next: Alert = {
    id,
    fingerprint: agg.fingerprint,
    generation,
    status: 'open',
    severity: agg.severity,
    rule: s.rule ?? 'unknown',
    title: s.title,
    summary: s.summary,
    runbook: s.runbook ?? '',
    category: s.category ?? 'reliability',
    component: s.component ?? 'watchkeeper',
    team: s.team ?? 'operations',
    source: s.source,
    cluster: s.cluster,
    ...knownPlace(s),
    namespace: s.resource.namespace,
    resource: s.resource,
    count: agg.count,
    firstSeen: agg.firstSeen,
    lastSeen: agg.lastSeen,
    startedAt: iso(now),
    flaps: 0,
    samples: agg.samples,
    actors: agg.actors,
    quietPeriodMinutes: s.quietPeriodMinutes,
    minCount: s.minCount,
    autoResolveAt: autoResolveAt(agg.lastSeen, s.quietPeriodMinutes, now),
    seen: remember(seen, agg.token, policy, now),
    version: version + 1,
  };
  const pages = !next.minCount || next.count >= next.minCount;
  // "created" is not written: the timeline derives it from the incident itself (see createdEntry).
  return {
    outcome: 'created',
    next: pages ? { ...next, escalatedSeverity: next.severity } : next,
    timeline: [],
    escalate: pages,
  };
}

function reopen(current: Alert, agg: SignalAggregate, policy: AlertPolicy, now: number): ApplyResult {
  const merged = merge(current, agg, policy, now);
  const next: Alert = {
    ...merged,
    status: 'open',
    flaps: current.flaps + 1,
    escalatedSeverity: merged.severity,
    ...REOPENED,
  };
  const timeline = [
    entry(
      current.id,
      now,
      'reopened',
      agg.first.source,
      agg.token,
      `Came back ${Math.round((Date.parse(agg.firstSeen) - Date.parse(current.resolvedAt ?? current.lastSeen)) / MINUTE)} min after it was resolved (flap ${next.flaps})`,
      { previousResolution: current.resolution },
    ),
  ];
  return { outcome: 'reopened', next, timeline, escalate: true };
}

function addTo(current: Alert, agg: SignalAggregate, policy: AlertPolicy, now: number): ApplyResult {
  let next = merge(current, agg, policy, now);
  const timeline: TimelineEntry[] = [];
  let escalate = false;
  const wasPaging = !current.minCount || current.count >= current.minCount;
  const pagesNow = !next.minCount || next.count >= next.minCount;
  if (severityRank(next.severity) < severityRank(current.severity)) {
    timeline.push(
      entry(
        current.id,
        now,
        'severity-raised',
        agg.first.source,
        agg.token,
        `Severity raised from ${current.severity} to ${next.severity}`,
        { from: current.severity, to: next.severity },
      ),
    );
  }
  if (
    pagesNow &&
    (!wasPaging ||
      (next.escalatedSeverity !== undefined && severityRank(next.severity) < severityRank(next.escalatedSeverity)))
  ) {
    escalate = true;
    next = { ...next, escalatedSeverity: next.severity };
  }
  const lastNote = Date.parse(current.lastRecurrenceNoteAt ?? current.startedAt);
  if (now - lastNote >= policy.recurrenceNoteMinutes * MINUTE) {
    timeline.push(
      entry(
        current.id,
        now,
        'recurred',
        agg.first.source,
        agg.token,
        `Occurred again: ${agg.count} more, ${next.count} in all`,
        { count: next.count },
      ),
    );
    next = { ...next, lastRecurrenceNoteAt: iso(now) };
  }
  return { outcome: 'updated', next, timeline, escalate };
}

/** Counts, times, severity, samples and actors of a delivery added to an incident. */
function merge(current: Alert, agg: SignalAggregate, policy: AlertPolicy, now: number): Alert {
  const lastSeen = later(current.lastSeen, agg.lastSeen);
  const actors = [...current.actors];
  for (const actor of agg.actors) {
    const key = actor.arn ?? actor.username;
    if (actors.length < policy.maxActors && !actors.some((a) => (a.arn ?? a.username) === key)) actors.push(actor);
  }
  return {
    ...current,
    count: current.count + agg.count,
    severity: maxSeverity(current.severity, agg.severity),
    firstSeen: earlier(current.firstSeen, agg.firstSeen),
    lastSeen,
    samples: keepSamples([...current.samples, ...agg.samples], policy.maxSamples),
    actors,
    autoResolveAt: autoResolveAt(lastSeen, current.quietPeriodMinutes, now),
    seen: remember(current.seen, agg.token, policy, now),
    version: current.version + 1,
  };
}

/** Keep the first sample (how it started) and the most recent ones. */
function keepSamples(samples: EvidenceSample[], max: number): EvidenceSample[] {
  if (samples.length <= max) return samples;
  return [samples[0], ...samples.slice(samples.length - (max - 1))];
}

function autoResolveAt(lastSeen: string, quietMinutes: number | undefined, now: number): string | undefined {
  if (!quietMinutes) return undefined;
  // Never in the past relative to processing: late-arriving events still get their quiet period.
  return iso(Math.max(Date.parse(lastSeen), now) + quietMinutes * MINUTE);
}

/** Remember a delivery token; forget expired ones and keep at most `maxDeliveryTokens`. */
function remember(seen: Alert['seen'], token: string, policy: AlertPolicy, now: number): Record<string, number> {
  const nowSec = Math.floor(now / 1000);
  const kept = Object.entries(seen)
    .filter(([, expiry]) => expiry > nowSec)
    .sort((a, b) => b[1] - a[1])
    .slice(0, policy.maxDeliveryTokens - 1);
  return { ...Object.fromEntries(kept), [token]: nowSec + policy.dedupeWindowMinutes * 60 };
}

/** Acknowledge an open incident. `requestId` makes a retried request idempotent. */
export function acknowledge(current: Alert, by: string, now: number, requestId: string): ApplyResult {
  if (current.status !== 'open')
    throw new TransitionError(`alert ${current.id} is ${current.status}: only an open alert can be acknowledged`);
  const next: Alert = {
    ...current,
    status: 'acknowledged',
    acknowledgedAt: iso(now),
    acknowledgedBy: by,
    version: current.version + 1,
  };
  return {
    outcome: 'updated',
    next,
    timeline: [entry(current.id, now, 'acknowledged', by, requestId, `Acknowledged by ${by}`)],
    escalate: false,
  };
}

/** Resolve an open or acknowledged incident, by a person (with a resolution), a source, or the quiet period. */
export function resolve(
  current: Alert,
  by: string,
  resolution: string,
  policy: AlertPolicy,
  now: number,
  requestId: string,
  /** When it was resolved, if not now: a source's own time (an alert's `endsAt`). */
  at: number = now,
): ApplyResult {
  if (current.status === 'resolved') throw new TransitionError(`alert ${current.id} is already resolved`);
  const next: Alert = {
    ...current,
    status: 'resolved',
    resolvedAt: iso(Number.isNaN(at) ? now : at),
    resolvedBy: by,
    resolution,
    autoResolveAt: undefined,
    expiresAt: Math.floor(now / 1000) + policy.retentionDays * 86_400,
    version: current.version + 1,
  };
  return {
    outcome: 'updated',
    next,
    timeline: [entry(current.id, now, 'resolved', by, requestId, `Resolved by ${by}: ${resolution}`, { resolution })],
    escalate: false,
  };
}

/**
 * A timeline entry. Its `key` is the kind and the change's token (delivery token or request id),
 * never the time: a retry after a crash overwrites the entry instead of adding a second one.
 * Timelines are ordered by `at` when read.
 */
export function entry(
  alertId: string,
  now: number,
  kind: TimelineEntry['kind'],
  by: string,
  token: string,
  text: string,
  data?: Record<string, unknown>,
): TimelineEntry {
  return { alertId, at: iso(now), key: `${kind}#${token}`, kind, by, text, ...(data ? { data } : {}) };
}

/** The "created" entry, derived from the incident (it is never written separately). */
export function createdEntry(incident: Alert): TimelineEntry {
  return {
    alertId: incident.id,
    at: incident.startedAt,
    key: `${incident.startedAt}#created`,
    kind: 'created',
    by: incident.source,
    text: `${incident.title} on ${incident.cluster} (first seen ${incident.firstSeen})`,
    data: { severity: incident.severity, firstSeen: incident.firstSeen },
  };
}
