import { createHash } from 'node:crypto';
import type { Signal } from '../rules/signal.ts';
import type { Actor } from '../sources/types.ts';
import { maxSeverity } from '../vocabulary.ts';
import type { Severity } from '../vocabulary.ts';
import type { EvidenceSample } from './types.ts';

/** All signals of one fingerprint in one delivery, folded into one store update. */
export interface SignalAggregate {
  readonly fingerprint: string;
  /** The first signal: rule, title, vocabulary, resource. */
  readonly first: Signal;
  /** Distinct events (by the source's own id) in this delivery. */
  readonly count: number;
  readonly severity: Severity;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly samples: EvidenceSample[];
  readonly actors: Actor[];
  /** Identifies this delivery for this fingerprint: a hash of its event ids. */
  readonly token: string;
  /** `open` adds occurrences; `resolve` (alarm OK, alert resolved) and `record` (noted only) come from the source. */
  readonly action: 'open' | 'resolve' | 'record';
  /** For a `resolve`: the earliest start of the episodes it ends, when the source said they fired. */
  readonly episodeStart?: string;
}

/**
 * Fold the signals of a delivery by fingerprint: one aggregate per distinct fingerprint, with the
 * count of distinct source event ids, the time range, the highest severity, and bounded samples.
 * Unmatched signals (no fingerprint) are ignored.
 */
export function aggregateSignals(signals: readonly Signal[], maxSamples = 5, maxActors = 10): SignalAggregate[] {
  const groups = new Map<string, Signal[]>();
  for (const signal of signals) {
    if (!signal.fingerprint || signal.changeOnly) continue;
    const key = `${signal.fingerprint}\0${signal.action ?? 'open'}`;
    const group = groups.get(key);
    if (group) group.push(signal);
    else groups.set(key, [signal]);
  }
  const out: SignalAggregate[] = [];
  for (const group of groups.values()) {
    const fingerprint = group[0].fingerprint as string;
    const byEvent = new Map<string, Signal>();
    for (const signal of group) if (!byEvent.has(signal.eventId)) byEvent.set(signal.eventId, signal);
    const distinct = [...byEvent.values()].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    const ids = [...byEvent.keys()].sort();
    const hash = createHash('sha256');
    for (const id of ids) hash.update(id).update('\n');
    const actors = new Map<string, Actor>();
    for (const signal of distinct) {
      const key = signal.actor.arn ?? signal.actor.username;
      if (key && !actors.has(key) && actors.size < maxActors) actors.set(key, signal.actor);
    }
    out.push({
      fingerprint,
      first: distinct[0],
      count: distinct.length,
      severity: distinct.reduce<Severity>((s, x) => maxSeverity(s, x.severity), distinct[0].severity),
      firstSeen: distinct[0].occurredAt,
      lastSeen: distinct[distinct.length - 1].occurredAt,
      samples: distinct.slice(-maxSamples).map(sampleOf),
      actors: [...actors.values()],
      token: hash.digest('base64url').slice(0, 16),
      action: group[0].action ?? 'open',
      ...episodeOf(distinct),
    });
  }
  // Apply in event order: an alarm that fired and recovered within one delivery ends resolved.
  return out.sort((a, b) => a.firstSeen.localeCompare(b.firstSeen));
}

function episodeOf(signals: readonly Signal[]): { episodeStart?: string } {
  const starts = signals.flatMap((s) => (s.episodeStart ? [s.episodeStart] : [])).sort();
  return starts.length > 0 ? { episodeStart: starts[0] } : {};
}

/** A signal as kept evidence. */
export function sampleOf(signal: Signal): EvidenceSample {
  return {
    eventId: signal.eventId,
    occurredAt: signal.occurredAt,
    source: signal.source,
    actor: signal.actor.username || undefined,
    evidence: signal.evidence,
  };
}
