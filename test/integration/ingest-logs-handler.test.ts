import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Context } from 'aws-lambda';
import { createIngestLogsHandler } from '../../functions/ingest-logs/handler.ts';
import { parseConfig } from '../../lib/load-config.ts';
import { subscriptionEvent } from '../../local/demo/subscription.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { auditEvent, podCreate } from '../helpers/audit-event.ts';

const context = {
  functionName: 'ingest-logs',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;
let runtime: LocalRuntime;
let handler: ReturnType<typeof createIngestLogsHandler>;
beforeAll(async () => {
  runtime = await LocalRuntime.start({ config: parseConfig({}), escalation: false });
  handler = createIngestLogsHandler(() => runtime.deps);
});
afterAll(async () => runtime.close());

describe('ingest-logs Lambda handler (middy, dynalite)', () => {
  it('stores incidents from a real subscription delivery and quarantines the malformed event beside the valid ones', async () => {
    // Prepare
    const lines = [
      JSON.stringify(podCreate({ containers: [{ name: 'c', image: 'x', securityContext: { privileged: true } }] })),
      '{"kind":"Event", "truncated',
      JSON.stringify(
        auditEvent({
          verb: 'get',
          objectRef: { resource: 'secrets', namespace: 'a', name: 's' },
          responseStatus: { code: 200 },
        }),
      ),
    ].map((message, i) => ({ timestamp: 1_764_000_000_000 + i, message }));
    // Act
    const summary = await handler(subscriptionEvent('prod-eu-1', 'kube-apiserver-audit-1', lines), context);
    // Assess
    expect(summary).toMatchObject({ events: 3, signals: 2, fingerprints: 2, created: 2, quarantined: 1 });
    expect([...runtime.alerts.values()].map((i) => [i.rule, i.cluster, i.count]).sort()).toEqual([
      ['privileged-pod-created', 'prod-eu-1', 1],
      ['secret-read-by-human', 'prod-eu-1', 1],
    ]);
  });

  it('keeps the valid events of a delivery whose one line nests 5,000 lists (once a stack overflow that failed it all)', async () => {
    // Prepare
    const exec = auditEvent({
      objectRef: { resource: 'pods', subresource: 'exec', namespace: 'shop', name: 'web-0' },
      responseStatus: { code: 101 },
    });
    const lines = [
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
      `{"kind":"Event","items":${'['.repeat(5000)}1${']'.repeat(5000)}}`,
      JSON.stringify(exec),
    ].map((message, i) => ({ timestamp: 1_764_000_100_000 + i, message }));

    // Act
    const summary = await handler(subscriptionEvent('prod-eu-1', 'kube-apiserver-audit-1', lines, 500n), context);

    // Assess
    expect(summary).toMatchObject({ events: 3, signals: 1, quarantined: 2 });
    expect([...runtime.quarantine.records.values()].map((r) => r.reason).join('\n')).not.toContain('cannot be read');
  });

  it('counts a corrupt payload as quarantined instead of failing', async () => {
    expect(await handler({ awslogs: { data: 'H4sIAAAAAAAA' } }, context)).toMatchObject({ signals: 0, quarantined: 1 });
  });

  it('ignores the CloudWatch Logs health check', async () => {
    const { gzipSync } = await import('node:zlib');
    const data = gzipSync(
      JSON.stringify({
        messageType: 'CONTROL_MESSAGE',
        logGroup: '',
        logStream: '',
        subscriptionFilters: [],
        logEvents: [],
      }),
    ).toString('base64');
    expect(await handler({ awslogs: { data } }, context)).toMatchObject({ events: 0, signals: 0, quarantined: 0 });
  });
});
