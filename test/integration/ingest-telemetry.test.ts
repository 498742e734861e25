import '../helpers/telemetry-env.ts';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Context } from 'aws-lambda';
import { createIngestLogsHandler } from '../../functions/ingest-logs/handler.ts';
import { parseConfig } from '../../lib/load-config.ts';
import { subscriptionEvent } from '../../local/demo/subscription.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { podCreate } from '../helpers/audit-event.ts';

const context = {
  functionName: 'ingest-logs',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;
let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await LocalRuntime.start({ config: parseConfig({}), escalation: false });
});
afterAll(async () => runtime.close());

/** The JSON lines the handler printed (structured logs and EMF). */
async function printedBy(act: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  try {
    await act();
  } finally {
    spy.mockRestore();
  }
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('what an ingest function tells CloudWatch', () => {
  it('logs each alert it opens with its incidentId and emits the dashboard metrics', async () => {
    // Prepare
    const handler = createIngestLogsHandler(() => runtime.deps);
    const line = {
      timestamp: 1_764_000_000_000,
      message: JSON.stringify(
        podCreate({ containers: [{ name: 'c', image: 'x', securityContext: { privileged: true } }] }),
      ),
    };

    // Act
    const printed = await printedBy(() =>
      handler(subscriptionEvent('prod-eu-1', 'kube-apiserver-audit-1', [line]), context),
    );

    // Assess
    const incident = [...runtime.incidents.values()][0];
    const alert = [...runtime.alerts.values()][0];
    expect(printed).toContainEqual(
      expect.objectContaining({
        message: 'alert created',
        alertId: alert?.id,
        incidentId: incident?.id,
        rule: 'privileged-pod-created',
        cluster: 'prod-eu-1',
      }),
    );
    expect(printed).toContainEqual(
      expect.objectContaining({ message: 'ingested delivery', created: 1, incidentIds: [incident?.id] }),
    );
    const emf = printed.find((p) => '_aws' in p)!;
    expect(emf).toMatchObject({
      EventsIn: 1,
      Signals: 1,
      AlertsCreated: 1,
      IncidentsCreated: 1,
      Quarantined: 0,
      DuplicateDeliveries: 0,
    });
  });

  it('logs no incident lines for a redelivery, and counts it as duplicate', async () => {
    // Prepare
    const handler = createIngestLogsHandler(() => runtime.deps);
    const line = {
      timestamp: 1_764_000_100_000,
      message: JSON.stringify(
        podCreate({ containers: [{ name: 'c', image: 'y', securityContext: { privileged: true } }] }),
      ),
    };
    const delivery = subscriptionEvent('prod-eu-1', 'kube-apiserver-audit-1', [line]);
    await handler(delivery, context);

    // Act
    const printed = await printedBy(() => handler(delivery, context));

    // Assess
    expect(printed.filter((p) => String(p.message).startsWith('alert '))).toEqual([]);
    expect(printed.find((p) => '_aws' in p)).toMatchObject({ IncidentsCreated: 0, DuplicateDeliveries: 1 });
  });
});
