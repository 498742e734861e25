import { performance } from 'node:perf_hooks';
import { parseConfig } from '../lib/load-config.ts';
import { controlPlane } from '../local/demo/builders.ts';
import { subscriptionEvent } from '../local/demo/subscription.ts';
import { LocalRuntime } from '../local/runtime.ts';
import type { Figure } from './measure.ts';

/** Alerts measured, each its own incident (a cluster of its own). */
const ALERTS = 20;
/** The group wait configured for the run: the first page of a new incident waits this long, by design. */
const GROUP_WAIT_SECONDS = 1;

/**
 * Time to page, locally and live (as `npm start` serves): from the moment a control-plane log delivery
 * reaches the ingest handler to the SNS publish of its incident's first page, through the real
 * handler, dynalite, the escalation state machine and the "Prepare page" handler, with the configured
 * group wait subtracted. The median and the slowest of {@link ALERTS} deliveries made one after another.
 */
export async function pageBench(): Promise<Figure[]> {
  const runtime = await LocalRuntime.start({
    config: parseConfig({ grouping: { groupWaitSeconds: GROUP_WAIT_SECONDS } }),
  });
  runtime.goLive();
  const paged = new Map<string, number>();
  runtime.outbox.listeners.push((entry) => {
    if (entry.kind === 'page' && !paged.has(entry.incidentId)) paged.set(entry.incidentId, performance.now());
  });
  const times: number[] = [];
  try {
    for (let i = 0; i < ALERTS; i++) {
      const cluster = `bench-${i}`;
      const text = JSON.stringify(
        subscriptionEvent(cluster, 'kube-apiserver-1', [controlPlane.etcdTimeout(Date.now())], BigInt(i) * 1000n),
      );
      const sent = performance.now();
      await runtime.deliver({ file: `${cluster}.json`, text });
      const incidentId = [...runtime.incidents.values()].find((x) => x.cluster === cluster)?.id ?? '';
      const deadline = sent + (GROUP_WAIT_SECONDS + 10) * 1000;
      while (!paged.has(incidentId) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      const at = paged.get(incidentId);
      if (at === undefined) throw new Error(`no page for ${cluster} within ${GROUP_WAIT_SECONDS + 10} s`);
      times.push(at - sent - GROUP_WAIT_SECONDS * 1000);
    }
  } finally {
    await runtime.close();
  }
  times.sort((a, b) => a - b);
  const median = Math.round(times[Math.floor(times.length / 2)]);
  return [
    {
      key: 'timeToPageMs',
      label: 'time to page: delivery → first SNS publish (median)',
      value: median,
      unit: 'ms',
    },
    {
      key: 'timeToPageMs.max',
      label: `time to page, slowest of ${ALERTS}`,
      value: Math.round(times.at(-1) ?? 0),
      unit: 'ms',
    },
    {
      key: 'timeToPage.note',
      label: `(local, live, ${GROUP_WAIT_SECONDS} s group wait subtracted)`,
      value: 0,
      unit: '',
    },
  ];
}
