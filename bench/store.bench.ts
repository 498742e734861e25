import { performance } from 'node:perf_hooks';
import { parseConfig } from '../lib/load-config.ts';
import { auditTraffic } from '../local/demo/audit-traffic.ts';
import { subscriptionEvent } from '../local/demo/subscription.ts';
import { LocalRuntime } from '../local/runtime.ts';
import type { Figure } from './measure.ts';

const EVENTS = 1500;
const DISTINCT = 40;

/**
 * One 1,500-event delivery: benign control-plane traffic, plus secret reads by 40 people in 40
 * namespaces, 6 each: exactly 40 distinct fingerprints (rule secret-read-by-human, namespace × user).
 */
function batch(seed: number): string {
  const suspicious = DISTINCT * 6;
  const benign = auditTraffic({ count: EVENTS - suspicious, suspiciousEvery: 1_000_000, seed });
  const reads = Array.from({ length: suspicious }, (_, i) => ({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: `bench-${seed}-${i}`,
    stage: 'ResponseComplete',
    requestURI: `/api/v1/namespaces/ns-${i % DISTINCT}/secrets/db`,
    verb: 'get',
    user: { username: `dev-${i % DISTINCT}@example.com`, groups: ['system:authenticated'] },
    sourceIPs: ['10.1.2.3'],
    objectRef: { resource: 'secrets', namespace: `ns-${i % DISTINCT}`, name: 'db', apiVersion: 'v1' },
    responseStatus: { code: 200 },
    requestReceivedTimestamp: '2026-11-24T02:14:00.000000Z',
    stageTimestamp: '2026-11-24T02:14:00.001000Z',
  }));
  const all = [...benign, ...reads].map((e, i) => ({ timestamp: 1_764_000_000_000 + i, message: JSON.stringify(e) }));
  return JSON.stringify(subscriptionEvent('prod-eu-1', 'kube-apiserver-audit-1', all, BigInt(seed) * 10_000n));
}

/** Store writes per distinct fingerprint (new and existing incidents) and local pipeline throughput. */
export async function storeBench(): Promise<Figure[]> {
  // Escalation off: its writes (two per page, by the workflow) are not ingestion's and would land in later measurements.
  const runtime = await LocalRuntime.start({ config: parseConfig({}), escalation: false });
  try {
    const batches = Array.from({ length: 12 }, (_, i) => ({ file: `bench-${i}.json`, text: batch(i + 1) }));
    runtime.dynamo.counter.reset();
    const first = await runtime.deliver(batches[0]);
    if (first.fingerprints !== DISTINCT)
      throw new Error(`expected ${DISTINCT} distinct fingerprints, got ${first.fingerprints}`);
    const writesNew = runtime.dynamo.counter.writes;
    runtime.dynamo.counter.reset();
    const start = performance.now();
    let events = 0;
    for (const input of batches.slice(1)) events += (await runtime.deliver(input)).events;
    const elapsed = performance.now() - start;
    const writesExisting = runtime.dynamo.counter.writes / (batches.length - 1);
    runtime.dynamo.counter.reset();
    await runtime.deliver(batches[1]);
    const writesRedelivered = runtime.dynamo.counter.writes;
    return [
      {
        key: 'storeWritesPerDistinctFingerprint',
        label: `store writes / distinct fingerprint (${DISTINCT} new)`,
        value: round(writesNew / DISTINCT),
        unit: 'writes',
        target: '<= 1.05',
      },
      {
        key: 'storeWritesPerDistinctFingerprintExisting',
        label: 'store writes / distinct fingerprint (existing)',
        value: round(writesExisting / DISTINCT),
        unit: 'writes',
      },
      {
        key: 'storeWritesOnRedelivery',
        label: 'store writes for a redelivered batch',
        value: writesRedelivered,
        unit: 'writes',
      },
      {
        key: 'pipelineEventsPerSec',
        label: 'local pipeline (handler + dynalite), 1,500-event batches',
        value: Math.round(events / (elapsed / 1000)),
        unit: 'events/s',
      },
    ];
  } finally {
    await runtime.close();
  }
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
