import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AlertStore } from '../../functions/adapters/alert-store.ts';
import { aggregateSignals } from '../../functions/core/alerts/aggregate.ts';
import { acknowledge, resolve } from '../../functions/core/alerts/lifecycle.ts';
import { DEFAULT_ALERT_POLICY } from '../../functions/core/alerts/policy.ts';
import { sweepQuietIncidents } from '../../functions/core/alerts/sweep.ts';
import { TransitionError } from '../../functions/core/alerts/errors.ts';
import { documentClient } from '../../functions/shared/clients.ts';
import type { LocalDynamo } from '../../local/dynamodb-local.ts';
import { startLocalDynamo } from '../../local/dynamodb-local.ts';
import { minutesAfter, signal } from '../helpers/signal.ts';

const T0 = '2026-11-24T02:00:00.000Z';
let dynamo: LocalDynamo;
let now = Date.parse(T0);
let store: AlertStore;
let seq = 0;
const policy = DEFAULT_ALERT_POLICY;
const fresh = (): string => `fpStoreTest${String(++seq).padStart(8, '0')}`;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  store = new AlertStore(documentClient(dynamo.client), dynamo.tableName, policy, () => now);
});
afterAll(async () => dynamo.close());
beforeEach(() => {
  now = Date.parse(T0);
});

describe('incident store: dedupe and counts', () => {
  it('creates one incident per fingerprint with count, time range, max severity and samples in one write', async () => {
    // Prepare
    const fp = fresh();
    const signals = [
      signal({ fingerprint: fp, occurredAt: minutesAfter(T0, 2) }),
      signal({ fingerprint: fp, occurredAt: minutesAfter(T0, 1), severity: 'high', actor: { username: 'a' } }),
      signal({ fingerprint: fp, occurredAt: minutesAfter(T0, 3), actor: { username: 'b' } }),
    ];
    dynamo.counter.reset();
    // Act
    await store.applyAggregates(aggregateSignals(signals));
    // Assess
    const incident = (await store.getCurrent(fp))!;
    expect(incident).toMatchObject({
      id: `${fp}.1`,
      status: 'open',
      count: 3,
      severity: 'high',
      firstSeen: minutesAfter(T0, 1),
      lastSeen: minutesAfter(T0, 3),
      generation: 1,
    });
    expect(incident.samples).toHaveLength(3);
    expect(incident.actors.map((a) => a.username).sort()).toEqual(['a', 'b', 'kubelet']);
    expect(dynamo.counter.writes).toBe(1);
  });

  it('ignores a redelivered batch: the count does not change', async () => {
    const fp = fresh();
    const batch = aggregateSignals([signal({ fingerprint: fp }), signal({ fingerprint: fp })]);
    await store.applyAggregates(batch);
    const again = await store.applyAggregates(batch);
    await store.applyAggregates(batch);
    expect(again.results[0].outcome).toBe('duplicate');
    expect((await store.getCurrent(fp))!.count).toBe(2);
  });

  it('counts a signal seen twice in one delivery (same source id) once', async () => {
    const fp = fresh();
    const one = signal({ fingerprint: fp });
    await store.applyAggregates(aggregateSignals([one, { ...one }]));
    expect((await store.getCurrent(fp))!.count).toBe(1);
  });

  it('gives one incident with the sum of counts when two invocations create the same fingerprint at once', async () => {
    const fp = fresh();
    const a = aggregateSignals([signal({ fingerprint: fp }), signal({ fingerprint: fp })]);
    const b = aggregateSignals([signal({ fingerprint: fp }), signal({ fingerprint: fp }), signal({ fingerprint: fp })]);
    const c = aggregateSignals([signal({ fingerprint: fp })]);
    const reports = await Promise.all([store.applyAggregates(a), store.applyAggregates(b), store.applyAggregates(c)]);
    const incident = (await store.getCurrent(fp))!;
    expect(incident).toMatchObject({ count: 6, generation: 1 });
    expect(reports.flatMap((r) => r.results.map((x) => x.outcome)).filter((o) => o === 'created')).toHaveLength(1);
    expect(reports.reduce((n, r) => n + r.conflicts, 0)).toBeGreaterThan(0);
  });
});

describe('incident store: lifecycle', () => {
  it('acknowledges, then refuses to acknowledge again, and records both on the timeline', async () => {
    const fp = fresh();
    await store.applyAggregates(aggregateSignals([signal({ fingerprint: fp })]));
    await store.changeAlert(`${fp}.1`, (i) => acknowledge(i, 'jane@example.com', now, 'req-1'));
    await expect(store.changeAlert(`${fp}.1`, (i) => acknowledge(i, 'bob', now, 'req-2'))).rejects.toThrow(
      TransitionError,
    );
    const incident = (await store.getCurrent(fp))!;
    expect(incident).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'jane@example.com' });
    expect((await store.timeline(`${fp}.1`)).map((e) => e.kind)).toEqual(['created', 'acknowledged']);
  });

  it.each([
    [60, 'reopened', 1, 1],
    [61, 'new-generation', 2, 0],
  ])('a signal %i minutes after resolution (window 60) is %s', async (minutes, outcome, generation, flaps) => {
    // Prepare
    const fp = fresh();
    await store.applyAggregates(aggregateSignals([signal({ fingerprint: fp, occurredAt: T0, eventId: `${fp}-1` })]));
    now = Date.parse(minutesAfter(T0, 5));
    await store.changeAlert(`${fp}.1`, (i) => resolve(i, 'jane', 'restarted the pod', policy, now, 'req-r'));
    // Act
    now = Date.parse(minutesAfter(T0, 5 + minutes));
    const report = await store.applyAggregates(
      aggregateSignals([signal({ fingerprint: fp, occurredAt: minutesAfter(T0, 5 + minutes) })]),
    );
    // Assess
    expect(report.results[0]).toMatchObject({ outcome, escalate: true });
    const current = (await store.getCurrent(fp))!;
    expect(current).toMatchObject({ status: 'open', generation, flaps, count: generation === 1 ? 2 : 1 });
    if (generation === 2) {
      expect(await store.getAlert(`${fp}.1`)).toMatchObject({
        status: 'resolved',
        resolution: 'restarted the pod',
        count: 1,
      });
      await expect(store.changeAlert(`${fp}.1`, (i) => acknowledge(i, 'x', now, 'r'))).rejects.toThrow(TransitionError);
    } else {
      expect((await store.timeline(`${fp}.1`)).map((e) => e.kind)).toEqual(['created', 'resolved', 'reopened']);
    }
  });

  it('flags a severity increase while open for re-escalation, once', async () => {
    const fp = fresh();
    await store.applyAggregates(aggregateSignals([signal({ fingerprint: fp })]));
    const raised = await store.applyAggregates(aggregateSignals([signal({ fingerprint: fp, severity: 'critical' })]));
    const same = await store.applyAggregates(aggregateSignals([signal({ fingerprint: fp, severity: 'critical' })]));
    expect(raised.results[0]).toMatchObject({ escalate: true, next: { severity: 'critical' } });
    expect(same.results[0].escalate).toBe(false);
    expect((await store.timeline(`${fp}.1`)).map((e) => e.kind)).toContain('severity-raised');
  });

  it('keeps one timeline entry when a delivery crashes after its timeline write and is retried', async () => {
    // Prepare: a store whose next incident write fails, as if the function timed out right there.
    const fp = fresh();
    await store.applyAggregates(aggregateSignals([signal({ fingerprint: fp })]));
    const raise = aggregateSignals([signal({ fingerprint: fp, severity: 'critical' })]);
    let fail = true;
    const crashing = new Proxy(documentClient(dynamo.client), {
      get(target, prop, receiver) {
        if (prop !== 'send') return Reflect.get(target, prop, receiver);
        return async (command: unknown) => {
          if (command instanceof UpdateCommand && fail) {
            fail = false;
            throw new Error('simulated crash');
          }
          return target.send(command as never);
        };
      },
    });
    // Act
    await expect(new AlertStore(crashing, dynamo.tableName, policy, () => now).applyAggregates(raise)).rejects.toThrow(
      'simulated crash',
    );
    now += 60_000;
    await store.applyAggregates(raise);
    // Assess
    expect((await store.timeline(`${fp}.1`)).filter((e) => e.kind === 'severity-raised')).toHaveLength(1);
    expect((await store.getCurrent(fp))!).toMatchObject({ severity: 'critical', count: 2 });
  });

  it('escalates a burst rule only when it reaches its minimum count', async () => {
    const fp = fresh();
    const burst = (n: number) =>
      aggregateSignals(
        Array.from({ length: n }, () => signal({ fingerprint: fp, rule: 'forbidden-burst', minCount: 10 })),
      );
    expect((await store.applyAggregates(burst(6))).results[0].escalate).toBe(false);
    expect((await store.applyAggregates(burst(5))).results[0].escalate).toBe(true);
    expect((await store.applyAggregates(burst(5))).results[0].escalate).toBe(false);
  });

  it('writes a throttled "occurred again" entry, not one per delivery', async () => {
    const fp = fresh();
    await store.applyAggregates(aggregateSignals([signal({ fingerprint: fp })]));
    for (let minute = 1; minute <= 70; minute += 1) {
      now = Date.parse(minutesAfter(T0, minute));
      await store.applyAggregates(
        aggregateSignals([signal({ fingerprint: fp, occurredAt: minutesAfter(T0, minute) })]),
      );
    }
    const kinds = (await store.timeline(`${fp}.1`)).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'recurred')).toHaveLength(2);
    expect((await store.getCurrent(fp))!.count).toBe(71);
  });
});

describe('auto-resolve sweeper', () => {
  it('resolves, by querying the due index, only incidents whose quiet period ended', async () => {
    // Prepare
    const quiet = fresh();
    const busy = fresh();
    await store.applyAggregates(
      aggregateSignals([
        signal({ fingerprint: quiet, quietPeriodMinutes: 30 }),
        signal({ fingerprint: busy, quietPeriodMinutes: 30 }),
      ]),
    );
    now = Date.parse(minutesAfter(T0, 20));
    await store.applyAggregates(aggregateSignals([signal({ fingerprint: busy, occurredAt: minutesAfter(T0, 20) })]));
    dynamo.counter.reset();
    // Act
    now = Date.parse(minutesAfter(T0, 31));
    const resolved = await sweepQuietIncidents(store, policy, now);
    // Assess
    expect(resolved.map((i) => i.fingerprint)).toContain(quiet);
    expect(resolved.map((i) => i.fingerprint)).not.toContain(busy);
    expect((await store.getCurrent(quiet))!).toMatchObject({
      status: 'resolved',
      resolvedBy: 'watchkeeper (quiet period)',
    });
    expect((await store.getCurrent(busy))!.status).toBe('open');
    expect(dynamo.counter.byOperation.get('Scan')).toBeUndefined();
    expect(dynamo.counter.byOperation.get('Query')).toBeGreaterThan(0);
    // A second sweep finds nothing more to do.
    expect((await sweepQuietIncidents(store, policy, now)).map((i) => i.fingerprint)).not.toContain(quiet);
  });
});
