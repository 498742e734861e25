import { performance } from 'node:perf_hooks';
import { KEYS } from '../functions/adapters/table-design.ts';
import { parseConfig } from '../lib/load-config.ts';
import { auditTraffic } from '../local/demo/audit-traffic.ts';
import { subscriptionEvent } from '../local/demo/subscription.ts';
import { LocalRuntime } from '../local/runtime.ts';
import { classifyBatch } from '../functions/core/ingest/process-records.ts';
import { storeSignals } from '../functions/core/ingest/ingest.ts';
import { decodeInput } from '../functions/core/sources/decode-input.ts';
import { measureRoundTrips } from '../functions/core/concurrency.ts';
import { costPerMillionEvents, PRICES } from './cost.ts';
import type { Figure } from './measure.ts';

const EVENTS = 1500;
const DISTINCT = 40;
/** The cost model's assumptions: a DynamoDB round trip from Lambda, and the ingest functions' memory (lib). */
const ROUND_TRIP_SECONDS = 0.01;
const INGEST_MEMORY_MB = 512;
const PRICES_TEXT = `Lambda $${PRICES.lambdaUsdPerGbSecond}/GB-s and $${PRICES.lambdaUsdPerMillionRequests}/M requests, DynamoDB $${PRICES.dynamoUsdPerMillionWriteUnits}/M WRU (us-east-1, 2026-12-07); ${INGEST_MEMORY_MB} MB, ${ROUND_TRIP_SECONDS * 1000} ms a round trip`;
const money = (usd: number): string => `$${usd.toFixed(4)}`;

/**
 * Write units per event of routine traffic (nothing suspicious: the first-seen baseline only), after
 * two batches taught the baseline: what a quiet cluster costs.
 */
async function routineWriteUnitsPerEvent(runtime: LocalRuntime): Promise<number> {
  const routine = (seed: number) =>
    JSON.stringify(
      subscriptionEvent(
        'prod-eu-1',
        'kube-apiserver-audit-1',
        auditTraffic({ count: EVENTS, suspiciousEvery: 1_000_000, seed }).map((e, i) => ({
          timestamp: 1_764_100_000_000 + seed * 10_000 + i,
          message: JSON.stringify(e),
        })),
        BigInt(seed) * 10_000n,
      ),
    );
  for (const seed of [900, 901]) await runtime.deliver({ file: `routine-${seed}.json`, text: routine(seed) });
  runtime.dynamo.counter.reset();
  let events = 0;
  for (const seed of [902, 903, 904, 905])
    events += (await runtime.deliver({ file: `routine-${seed}.json`, text: routine(seed) })).events;
  return runtime.dynamo.counter.writeUnits / events;
}

/**
 * Events a second through the Kinesis path: 4 batches of 3 records, each a 1,500-event subscription
 * payload, through ingest-logs (partial batch responses) and dynalite. Local and informational.
 */
async function streamThroughput(runtime: LocalRuntime): Promise<number> {
  const batches = Array.from({ length: 4 }, (_, b) => ({
    Records: [0, 1, 2].map((r) => {
      const seed = 500 + b * 3 + r;
      const data = (JSON.parse(batch(seed)) as { awslogs: { data: string } }).awslogs.data;
      return { kinesis: { data, sequenceNumber: String(seed), partitionKey: 'prod-eu-1' }, eventSource: 'aws:kinesis' };
    }),
  }));
  const start = performance.now();
  let events = 0;
  for (const [i, records] of batches.entries())
    events += (await runtime.deliver({ file: `stream-${i}.json`, text: JSON.stringify(records) })).events;
  return Math.round(events / ((performance.now() - start) / 1000));
}

/**
 * One 1,500-event delivery: benign control-plane traffic, plus secret reads in `distinct`
 * namespaces (6 each for 40, fewer for more): exactly that many distinct fingerprints (rule
 * secret-read-by-human, namespace × user). By as many people (one incident per principal), or
 * `byOne` person (one incident of them all).
 */
function batch(seed: number, byOne = false, distinct = DISTINCT): string {
  const suspicious = distinct * Math.max(1, Math.floor(240 / distinct));
  const benign = auditTraffic({ count: EVENTS - suspicious, suspiciousEvery: 1_000_000, seed });
  const reads = Array.from({ length: suspicious }, (_, i) => ({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: `bench-${seed}-${i}`,
    stage: 'ResponseComplete',
    requestURI: `/api/v1/namespaces/ns-${i % distinct}/secrets/db`,
    verb: 'get',
    user: { username: `dev-${byOne ? 0 : i % distinct}@example.com`, groups: ['system:authenticated'] },
    sourceIPs: ['10.1.2.3'],
    objectRef: { resource: 'secrets', namespace: `ns-${i % distinct}`, name: 'db', apiVersion: 'v1' },
    responseStatus: { code: 200 },
    requestReceivedTimestamp: '2026-11-24T02:14:00.000000Z',
    stageTimestamp: '2026-11-24T02:14:00.001000Z',
  }));
  const all = [...benign, ...reads].map((e, i) => ({ timestamp: 1_764_000_000_000 + i, message: JSON.stringify(e) }));
  return JSON.stringify(subscriptionEvent('prod-eu-1', 'kube-apiserver-audit-1', all, BigInt(seed) * 10_000n));
}

/**
 * DynamoDB round trips on the critical path of one 1,500-event delivery of `distinct` fingerprints
 * (by as many people), new and then existing: of the store step alone (alerts, their incidents),
 * and of the whole delivery as Lambda runs it (changes, baseline, store, actions).
 */
async function roundTrips(distinct: number): Promise<{ store: number; delivery: number }> {
  const runtime = await LocalRuntime.start({ config: parseConfig({}), escalation: false });
  try {
    let store = 0;
    for (const seed of [1, 2]) {
      const decoded = decodeInput(batch(seed, false, distinct), { file: `trips-${seed}.json` });
      const { signals } = classifyBatch(decoded, runtime.deps.classifier, `trips-${seed}`);
      const measured = await measureRoundTrips(() => storeSignals(signals, runtime.deps));
      // First-seen candidates the baseline would drop come along: at least the secret reads' fingerprints.
      if (measured.result.report.results.length < distinct)
        throw new Error(`expected ${distinct} fingerprints, got ${measured.result.report.results.length}`);
      store = Math.max(store, measured.roundTrips);
    }
    const delivery = await measureRoundTrips(() =>
      runtime.deliver({ file: 'trips-3.json', text: batch(3, false, distinct) }),
    );
    return { store, delivery: delivery.roundTrips };
  } finally {
    await runtime.close();
  }
}

/** What a delivery wrote: to alerts (everything but incidents), to incidents, in all. */
function writesOf(runtime: LocalRuntime) {
  const { counter } = runtime.dynamo;
  const group = counter.writesTo(KEYS.incident.prefix);
  const baseline = counter.writesTo(KEYS.baseline.prefix);
  return { alert: counter.writes - group - baseline, group, baseline, all: counter.writes };
}

/**
 * Store writes per distinct fingerprint (new and existing alerts), writes of incidents per incident
 * touched (grouping on, as deployed), and local pipeline throughput.
 */
export async function storeBench(): Promise<Figure[]> {
  // Escalation off: its writes (two per page, by the workflow) are not ingestion's and would land in later measurements.
  const runtime = await LocalRuntime.start({ config: parseConfig({}), escalation: false });
  try {
    const batches = Array.from({ length: 12 }, (_, i) => ({ file: `bench-${i}.json`, text: batch(i + 1) }));
    runtime.dynamo.counter.reset();
    const first = await runtime.deliver(batches[0]);
    if (first.fingerprints !== DISTINCT)
      throw new Error(`expected ${DISTINCT} distinct fingerprints, got ${first.fingerprints}`);
    const writesNew = writesOf(runtime);
    runtime.dynamo.counter.reset();
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    let events = 0;
    let touched = 0;
    for (const input of batches.slice(1)) {
      const summary = await runtime.deliver(input);
      events += summary.events;
      touched += summary.incidentsTouched;
    }
    const elapsed = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSecondsPerEvent = (cpu.user + cpu.system) / 1e6 / events;
    const writeUnitsPerEvent = runtime.dynamo.counter.writeUnits / events;
    const writesExisting = writesOf(runtime);
    const baselinePerMillion = ((writesNew.baseline + writesExisting.baseline) / (first.events + events)) * 1e6;
    runtime.dynamo.counter.reset();
    await runtime.deliver(batches[1]);
    const writesRedelivered = runtime.dynamo.counter.writes;
    // One person behind all 40 alerts: one incident, touched once per delivery.
    runtime.dynamo.counter.reset();
    const grouped = await runtime.deliver({ file: 'bench-one.json', text: batch(100, true) });
    const writesGrouped = writesOf(runtime);
    const trips = [await roundTrips(DISTINCT), await roundTrips(400)];
    const streamed = await streamThroughput(runtime);
    const quietUnits = await routineWriteUnitsPerEvent(runtime);
    const model = {
      cpuSecondsPerEvent,
      eventsPerDelivery: EVENTS,
      roundTripsPerDelivery: Math.max(...trips.map((t) => t.delivery)),
      roundTripSeconds: ROUND_TRIP_SECONDS,
      memoryMb: INGEST_MEMORY_MB,
    };
    const cost = costPerMillionEvents({ ...model, writeUnitsPerEvent });
    const routineCost = costPerMillionEvents({ ...model, writeUnitsPerEvent: quietUnits });
    const total = (c: typeof cost): number => Math.round((c.lambda + c.requests + c.dynamo) * 10_000) / 10_000;
    const groupWritesPerIncident = Math.max(
      writesNew.group / first.incidentsTouched,
      writesExisting.group / Math.max(1, touched),
      writesGrouped.group / grouped.incidentsTouched,
    );
    return [
      {
        key: 'storeWritesPerDistinctFingerprint',
        label: `alert writes / distinct fingerprint (${DISTINCT} new)`,
        value: round(writesNew.alert / DISTINCT),
        unit: 'writes',
        target: '<= 1.05',
      },
      {
        key: 'storeWritesPerDistinctFingerprintExisting',
        label: 'alert writes / distinct fingerprint (existing)',
        value: round(writesExisting.alert / (DISTINCT * (batches.length - 1))),
        unit: 'writes',
      },
      {
        key: 'groupWritesPerIncidentTouched',
        label: 'incident writes / incident touched (40 and 1 incidents)',
        value: round(groupWritesPerIncident),
        unit: 'writes',
        target: '<= 1',
      },
      {
        key: 'allWritesPerDistinctFingerprintGrouped',
        label: 'all writes / distinct fingerprint, 40 alerts in 1 incident',
        value: round(writesGrouped.all / DISTINCT),
        unit: 'writes',
      },
      {
        key: 'baselineWritesPerMillionEvents',
        label: 'first-seen baseline writes / million events (12 batches)',
        value: Math.round(baselinePerMillion),
        unit: 'writes',
      },
      {
        key: 'storeCriticalPathRoundTrips',
        label: 'store round trips on the critical path, 40 and 400 fingerprints',
        value: Math.max(...trips.map((t) => t.store)),
        unit: 'round trips',
        target: '<= 4',
      },
      {
        key: 'deliveryCriticalPathRoundTrips',
        label: 'delivery round trips on the critical path, 40 and 400 fingerprints',
        value: Math.max(...trips.map((t) => t.delivery)),
        unit: 'round trips',
      },
      {
        key: 'storeWritesOnRedelivery',
        label: 'store writes for a redelivered batch',
        value: writesRedelivered,
        unit: 'writes',
      },
      {
        key: 'streamEventsPerSec',
        label: 'local Kinesis path (handler + dynalite), 3 records of 1,500 events',
        value: streamed,
        unit: 'events/s',
      },
      {
        key: 'cpuMicrosecondsPerEvent',
        label: 'CPU per event (pipeline and in-process dynalite: upper bound)',
        value: Math.round(cpuSecondsPerEvent * 1e6 * 10) / 10,
        unit: 'µs',
      },
      {
        key: 'writeUnitsPerMillionEvents',
        label: 'DynamoDB write units / million events (from request sizes)',
        value: Math.round(writeUnitsPerEvent * 1e6),
        unit: 'WRU',
      },
      {
        key: 'writeUnitsPerMillionRoutineEvents',
        label: 'DynamoDB write units / million routine events (no alert)',
        value: Math.round(quietUnits * 1e6),
        unit: 'WRU',
      },
      {
        key: 'computeCostUsdPerMillionEvents',
        label: `cost / million events, 40 alerts per 1,500: Lambda ${money(cost.lambda)}, DynamoDB ${money(cost.dynamo)}`,
        value: total(cost),
        unit: 'USD',
      },
      {
        key: 'computeCostUsdPerMillionRoutineEvents',
        label: `cost / million routine events: Lambda ${money(routineCost.lambda)}, DynamoDB ${money(routineCost.dynamo)}`,
        value: total(routineCost),
        unit: 'USD',
      },
      {
        key: 'computeCostUsdPerMillionEvents.prices',
        label: `prices: ${PRICES_TEXT}`,
        value: 0,
        unit: '',
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
