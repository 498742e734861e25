import type { Signal } from '../../functions/core/rules/signal.ts';

let counter = 0;

/** A classified signal with overrides; each gets a fresh source event id unless given one. */
export function signal(overrides: Partial<Signal> = {}): Signal {
  counter++;
  return {
    rule: 'crash-loop-backoff',
    title: 'Container crash-looping',
    severity: 'medium',
    category: 'reliability',
    component: 'workload',
    team: 'development',
    source: 'k8s-event',
    cluster: 'prod-eu-1',
    fingerprint: 'fpCrashLoopPayments0001',
    occurredAt: '2026-11-24T02:00:00.000Z',
    eventId: `event-${counter}`,
    resource: { kind: 'Pod', namespace: 'payments', name: 'api-1' },
    actor: { username: 'kubelet' },
    summary: 'A container keeps crashing.',
    runbook: 'rules/runbooks/crash-loop-backoff.md',
    evidence: { 'event.reason': 'BackOff' },
    quietPeriodMinutes: 30,
    ...overrides,
  };
}

/** Minutes after a base ISO time, as ISO. */
export const minutesAfter = (base: string, minutes: number): string =>
  new Date(Date.parse(base) + minutes * 60_000).toISOString();
