import { describe, expect, it } from '@jest/globals';
import { storeSignals } from '../../functions/core/ingest/ingest.ts';
import { parseConfig } from '../../lib/load-config.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { signal } from '../helpers/signal.ts';

const pagesOf = (runtime: LocalRuntime, incidentId: string | undefined) =>
  runtime.outbox.entries.filter((e) => e.incidentId === incidentId && e.kind === 'page');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// What `npm start` does once its replay is done: run as the deployed pipeline does.
describe('the local runtime, live', () => {
  it('pages an alert that arrives while it serves once its group wait is over, without anyone settling it', async () => {
    // Prepare
    const runtime = await LocalRuntime.start({
      config: parseConfig({ grouping: { groupWaitSeconds: 1 } }),
    });
    runtime.goLive();
    try {
      // Act
      await storeSignals([signal({ fingerprint: 'fpLive000000000000001', severity: 'critical' })], runtime.deps);
      const incidentId = runtime.alerts.get('fpLive000000000000001.1')?.incidentId;
      expect(pagesOf(runtime, incidentId)).toEqual([]);
      await sleep(1_800);

      // Assess
      expect(pagesOf(runtime, incidentId).map((e) => e.publish.MessageAttributes?.tier?.StringValue)).toEqual(['1']);
    } finally {
      await runtime.close();
    }
  });

  it('stops without a burst of pages: an escalation still waiting when it shuts down pages nobody', async () => {
    const runtime = await LocalRuntime.start({ config: parseConfig({ grouping: { groupWaitSeconds: 60 } }) });
    runtime.goLive();
    await storeSignals([signal({ fingerprint: 'fpLive000000000000002', severity: 'critical' })], runtime.deps);
    await runtime.close();
    expect(runtime.outbox.pages).toBe(0);
  });
});
