import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { storeSignals } from '../../functions/core/ingest/ingest.ts';
import { measureRoundTrips } from '../../functions/core/concurrency.ts';
import { parseConfig } from '../../lib/load-config.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { signal } from '../helpers/signal.ts';

// The store's latency does not grow with a delivery's distinct fingerprints: alerts and incidents are
// written side by side, incidents read beside the alerts' writes. Round trips are counted causally
// (a request that waits for another), on dynalite.
let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await LocalRuntime.start({ config: parseConfig({}), escalation: false });
}, 120_000);
afterAll(async () => {
  await runtime?.close();
});

/** `count` image pulls failing in as many namespaces (a rule without actions): as many alerts and incidents. */
const failedPulls = (count: number, prefix: string, at: string) =>
  Array.from({ length: count }, (_, i) =>
    signal({
      rule: 'image-pull-not-found',
      fingerprint: `fpTrips${prefix}${i}`,
      resource: { kind: 'Pod', namespace: `${prefix}-${i}`, name: `api-${i}` },
      occurredAt: at,
    }),
  );

describe('the critical path of a delivery in the store', () => {
  it.each([
    [10, 'small'],
    [120, 'large'],
  ])('is four round trips for %d new fingerprints, three when they recur', async (count, prefix) => {
    const first = await measureRoundTrips(() =>
      storeSignals(failedPulls(count, prefix, '2026-12-07T10:00:00.000Z'), runtime.deps),
    );
    expect(first.result.incidents.results.filter((c) => c.outcome === 'created')).toHaveLength(count);
    // New: read the alerts, look up their groups, write the alerts, write the incidents.
    expect(first.roundTrips).toBe(4);

    const again = await measureRoundTrips(() =>
      storeSignals(failedPulls(count, prefix, '2026-12-07T10:05:00.000Z'), runtime.deps),
    );
    expect(again.result.report.results.map((r) => r.outcome)).toEqual(Array(count).fill('updated'));
    // Existing: read the alerts, write them (their incidents read meanwhile), write the incidents.
    expect(again.roundTrips).toBe(3);
  });
});
