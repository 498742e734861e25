import { describe, expect, it } from '@jest/globals';
import { aggregateSignals } from '../../../../functions/core/alerts/aggregate.ts';
import type { ApplyResult } from '../../../../functions/core/alerts/lifecycle.ts';
import { acknowledge, applyAggregate, resolve } from '../../../../functions/core/alerts/lifecycle.ts';
import { DEFAULT_ALERT_POLICY } from '../../../../functions/core/alerts/policy.ts';
import type { Alert } from '../../../../functions/core/alerts/types.ts';
import type { Signal } from '../../../../functions/core/rules/signal.ts';
import { minutesAfter, signal } from '../../../helpers/signal.ts';

const T0 = '2026-11-24T02:00:00.000Z';
const NOW = Date.parse('2026-11-24T03:00:00.000Z');
const policy = DEFAULT_ALERT_POLICY;

/** Apply the signals as one delivery to `current`. */
const apply = (current: Alert | undefined, signals: Signal[], now = NOW): ApplyResult => {
  const [aggregate] = aggregateSignals(signals);
  return applyAggregate(current, aggregate, policy, now);
};

/** An incident as the lifecycle created it from `signals`. */
const created = (signals: Signal[] = [signal({ occurredAt: T0 })]): Alert => apply(undefined, signals).next;

/** A firing or resolution from a source that resolves on its own (Alertmanager). */
const alert = (status: 'firing' | 'resolved', startsAt: string, endsAt?: string): Signal =>
  signal({
    source: 'alertmanager',
    fingerprint: 'fpAlertOrder000000001',
    occurredAt: status === 'firing' ? startsAt : (endsAt ?? startsAt),
    eventId: `fp1:${startsAt}:${status}`,
    ...(status === 'resolved' ? { action: 'resolve' as const, episodeStart: startsAt } : {}),
  });

describe('applying a delivery to an incident', () => {
  it('creates an incident from its first signals and asks to escalate', () => {
    // Act
    const result = apply(undefined, [signal({ occurredAt: T0 }), signal({ occurredAt: minutesAfter(T0, 2) })]);

    // Assess
    expect(result).toMatchObject({ outcome: 'created', escalate: true, timeline: [] });
    expect(result.next).toMatchObject({ status: 'open', count: 2, firstSeen: T0, generation: 1, flaps: 0 });
    expect(result.next.escalatedSeverity).toBe('medium');
  });

  it('changes nothing for a delivery it has already applied (redelivery)', () => {
    // Prepare
    const signals = [signal({ eventId: 'e1', occurredAt: T0 })];
    const first = apply(undefined, signals).next;

    // Act
    const again = apply(first, signals);

    // Assess
    expect(again).toMatchObject({ outcome: 'duplicate', escalate: false });
    expect(again.next).toBe(first);
  });

  it('adds occurrences to an open incident without paging again', () => {
    const result = apply(created(), [signal({ occurredAt: minutesAfter(T0, 5) })]);
    expect(result).toMatchObject({ outcome: 'updated', escalate: false });
    expect(result.next).toMatchObject({ count: 2, lastSeen: minutesAfter(T0, 5) });
  });

  it('re-escalates when the severity rises, and records it', () => {
    const result = apply(created(), [signal({ severity: 'critical', occurredAt: minutesAfter(T0, 5) })]);
    expect(result).toMatchObject({ outcome: 'updated', escalate: true });
    expect(result.next).toMatchObject({ severity: 'critical', escalatedSeverity: 'critical' });
    expect(result.timeline.map((e) => e.kind)).toContain('severity-raised');
  });

  it('pages a burst rule only once its count reaches the minimum', () => {
    const burst = (n: number) => Array.from({ length: n }, () => signal({ minCount: 5, occurredAt: T0 }));
    const first = apply(undefined, burst(3));
    const second = apply(first.next, burst(2));
    expect(first).toMatchObject({ outcome: 'created', escalate: false });
    expect(second).toMatchObject({ outcome: 'updated', escalate: true });
  });

  it('reopens a resolved incident within the reopen window and counts the flap', () => {
    // Prepare
    const resolved = resolve(created(), 'jane', 'restarted', policy, Date.parse(minutesAfter(T0, 10)), 'r1').next;

    // Act
    const result = apply(resolved, [signal({ occurredAt: minutesAfter(T0, 30) })]);

    // Assess
    expect(result).toMatchObject({ outcome: 'reopened', escalate: true });
    expect(result.next).toMatchObject({ status: 'open', flaps: 1, resolvedAt: undefined, generation: 1 });
  });

  it('starts a new generation after the reopen window and keeps the old one as history', () => {
    const resolved = resolve(created(), 'jane', 'restarted', policy, Date.parse(minutesAfter(T0, 10)), 'r1').next;
    const result = apply(resolved, [signal({ occurredAt: minutesAfter(T0, 200) })]);
    expect(result).toMatchObject({ outcome: 'new-generation', escalate: true });
    expect(result.next).toMatchObject({ generation: 2, count: 1, id: 'fpCrashLoopPayments0001.2' });
    expect(result.archive).toBe(resolved);
  });

  it('refuses to acknowledge or resolve what is not open', () => {
    const resolved = resolve(created(), 'jane', 'fixed', policy, NOW, 'r1').next;
    expect(() => acknowledge(resolved, 'jane', NOW, 'a1')).toThrow('only an open alert can be acknowledged');
    expect(() => resolve(resolved, 'jane', 'again', policy, NOW, 'r2')).toThrow('already resolved');
  });
});

describe('what a source says about its own alert', () => {
  it('resolves the open incident at the source time and does not page', () => {
    // Prepare
    const firing = apply(undefined, [alert('firing', T0)]).next;

    // Act
    const result = apply(firing, [alert('resolved', T0, minutesAfter(T0, 15))]);

    // Assess
    expect(result).toMatchObject({ outcome: 'resolved-by-source', escalate: false });
    expect(result.next).toMatchObject({
      status: 'resolved',
      resolvedBy: 'alertmanager',
      resolvedAt: minutesAfter(T0, 15),
    });
  });

  it('notes a source that only records a state, and never opens for it', () => {
    const record = signal({ action: 'record', evidence: { 'alarm.state': 'INSUFFICIENT_DATA' } });
    const open = created();
    expect(apply(open, [record])).toMatchObject({ outcome: 'updated', escalate: false });
    expect(apply(open, [record]).timeline[0]).toMatchObject({ kind: 'note' });
    expect(apply(undefined, [record])).toMatchObject({ outcome: 'duplicate' });
  });

  it('ignores a resolution of something that never fired', () => {
    const result = apply(undefined, [signal({ action: 'resolve' })]);
    expect(result.outcome).toBe('duplicate');
    expect(result.next).toBeUndefined();
  });

  it('keeps a resolution that overtook its firing as an incident that opened and resolved, unpaged', () => {
    // Act
    const result = apply(undefined, [alert('resolved', T0, minutesAfter(T0, 15))]);

    // Assess
    expect(result).toMatchObject({ outcome: 'resolved-by-source', escalate: false });
    expect(result.next).toMatchObject({
      status: 'resolved',
      firstSeen: T0,
      count: 1,
      resolvedAt: minutesAfter(T0, 15),
    });
    expect(result.next.escalatedSeverity).toBeUndefined();
  });

  it('lets the late firing find its resolution: nothing changes and nothing reopens', () => {
    // Prepare
    const resolvedFirst = apply(undefined, [alert('resolved', T0, minutesAfter(T0, 15))]).next;

    // Act
    const late = apply(resolvedFirst, [alert('firing', T0)]);

    // Assess
    expect(late).toMatchObject({ outcome: 'late', escalate: false });
    expect(late.next).toBe(resolvedFirst);
  });

  it('counts a second episode whose resolution again came before its firing as a flap, still resolved', () => {
    const first = apply(undefined, [alert('resolved', T0, minutesAfter(T0, 15))]).next;
    const again = apply(first, [alert('resolved', minutesAfter(T0, 20), minutesAfter(T0, 25))]);
    expect(again).toMatchObject({ outcome: 'resolved-by-source', escalate: false });
    expect(again.next).toMatchObject({ status: 'resolved', flaps: 1, count: 2, resolvedAt: minutesAfter(T0, 25) });
    expect(apply(again.next, [alert('firing', minutesAfter(T0, 20))]).outcome).toBe('late');
  });

  it('reopens on a firing that started after the resolution', () => {
    const resolvedFirst = apply(undefined, [alert('resolved', T0, minutesAfter(T0, 15))]).next;
    const refired = apply(resolvedFirst, [alert('firing', minutesAfter(T0, 30))]);
    expect(refired).toMatchObject({ outcome: 'reopened', escalate: true });
  });
});
