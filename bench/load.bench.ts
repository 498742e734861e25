import { performance } from 'node:perf_hooks';
import { storeSignals } from '../functions/core/ingest/ingest.ts';
import { parseConfig } from '../lib/load-config.ts';
import { LocalRuntime } from '../local/runtime.ts';
import { alertmanagerPayload } from '../test/helpers/external-events.ts';
import { signal } from '../test/helpers/signal.ts';
import type { Figure } from './measure.ts';

const REQUESTS = 2_000;
const CONCURRENCY = 16;
const SEEDED = 200;
const ALERTS = 20;
const HOT_KEY_CONCURRENCY = 32;

const percentile = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/** One firing occurrence of alert `a` (its own start: a distinct occurrence to count). */
function occurrence(a: number, n: number): string {
  const payload = alertmanagerPayload([
    { name: 'KubePodCrashLooping', fingerprint: `load${a}`, labels: { pod: `p-${a}` } },
  ]);
  (payload.alerts as Array<Record<string, unknown>>)[0].startsAt = new Date(
    Date.UTC(2026, 10, 24, 2) + n * 1000,
  ).toISOString();
  return JSON.stringify(payload);
}

/**
 * A bounded load on the local API and webhook (loopback only): concurrent lists, acknowledgements,
 * resolutions, notes and webhook deliveries, then a storm on one alert. Every request must get an
 * answer below 500, and every occurrence delivered must be counted.
 */
export async function loadBench(): Promise<Figure[]> {
  const runtime = await LocalRuntime.start({ config: parseConfig({}), escalation: false });
  const server = await runtime.serve({ port: 0 });
  try {
    // Each seeded alert its own incident (its own namespace): 200 incidents to list, acknowledge and resolve.
    await storeSignals(
      Array.from({ length: SEEDED }, (_, i) =>
        signal({
          fingerprint: `fpLoad${String(i).padStart(16, '0')}`,
          cluster: `c-${i % 5}`,
          resource: { kind: 'Pod', namespace: `ns-${i}`, name: 'api-1' },
        }),
      ),
      runtime.deps,
    );
    const ids = [...runtime.incidents.keys()];
    if (ids.length !== SEEDED) throw new Error(`load: seeded ${ids.length} incidents, expected ${SEEDED}`);
    const delivered = new Map<number, number>();
    let next = 0;
    let errors5xx = 0;
    const times: number[] = [];
    const call = async (method: string, path: string, body?: string): Promise<number> => {
      const started = performance.now();
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body,
      });
      await response.arrayBuffer();
      times.push(performance.now() - started);
      if (response.status >= 500) errors5xx++;
      return response.status;
    };
    const one = async (i: number): Promise<void> => {
      const id = ids[i % SEEDED];
      switch (i % 8) {
        case 0:
        case 1:
          await call('GET', `/incidents?limit=25&cluster=c-${i % 5}`);
          return;
        case 2:
          await call('GET', '/incidents?status=open&limit=50');
          return;
        case 3:
          await call('POST', `/incidents/${id}/acknowledge`, '{}');
          return;
        case 4:
          await call('POST', `/incidents/${id}/notes`, JSON.stringify({ text: `load note ${i}` }));
          return;
        case 5:
          await call('POST', `/incidents/${id}/resolve`, JSON.stringify({ resolution: `load resolution ${i}` }));
          return;
        default: {
          const alert = i % ALERTS;
          const n = (delivered.get(alert) ?? 0) + 1;
          delivered.set(alert, n);
          if ((await call('POST', '/alertmanager', occurrence(alert, n))) !== 200) delivered.set(alert, n - 1);
        }
      }
    };
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS) await one(next++);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    // A storm on one alert: every concurrent occurrence must be answered 200 and counted.
    const hot = await Promise.all(
      Array.from({ length: HOT_KEY_CONCURRENCY }, (_, k) =>
        fetch(`${server.url}/alertmanager`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: occurrence(ALERTS, k + 1),
        }).then((r) => r.status),
      ),
    );
    delivered.set(ALERTS, hot.filter((s) => s === 200).length);
    let lost = 0;
    let checked = 0;
    for (const stored of runtime.alerts.values()) {
      const alert = Number(/^load(\d+)$/.exec(String(stored.samples[0]?.evidence['alert.fingerprint']))?.[1]);
      if (Number.isNaN(alert)) continue;
      const current = await runtime.store.getCurrent(stored.fingerprint);
      lost += Math.abs((delivered.get(alert) ?? 0) - (current?.count ?? 0));
      checked++;
    }
    if (checked !== delivered.size)
      throw new Error(`load: found ${checked} webhook alerts, expected ${delivered.size}`);
    return [
      {
        key: 'loadRequests',
        label: `requests (${CONCURRENCY} concurrent: list, ack, note, resolve, webhook)`,
        value: REQUESTS,
        unit: 'requests',
      },
      {
        key: 'loadRequestsPerSec',
        label: 'throughput (local HTTP + dynalite, informational)',
        value: Math.round(REQUESTS / seconds),
        unit: 'req/s',
      },
      {
        key: 'loadP99Ms',
        label: 'latency p99 (informational)',
        value: Math.round(percentile(times, 0.99) * 10) / 10,
        unit: 'ms',
      },
      { key: 'load5xx', label: 'answers 500 or above', value: errors5xx, unit: 'answers', target: '0' },
      {
        key: 'loadLostCounts',
        label: 'occurrences delivered but not counted (or counted twice)',
        value: lost,
        unit: 'occurrences',
        target: '0',
      },
      {
        key: 'hotKeyFailedDeliveries',
        label: `deliveries refused in a storm of ${HOT_KEY_CONCURRENCY} on one alert`,
        value: hot.filter((s) => s !== 200).length,
        unit: 'deliveries',
        target: '0',
      },
    ];
  } finally {
    await server.close();
    await runtime.close();
  }
}
