import { describe, expect, it } from '@jest/globals';
import type { Context } from 'aws-lambda';
import { handler } from '../../../functions/ingest-logs/handler.ts';
import { subscriptionEvent } from '../../../local/demo/subscription.ts';
import { auditEvent, podCreate } from '../../helpers/audit-event.ts';

const context = { functionName: 'ingest-logs', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

describe('ingest-logs Lambda handler (middy)', () => {
  it('classifies a real subscription delivery and quarantines the malformed event beside the valid ones', async () => {
    // Prepare
    const lines = [
      JSON.stringify(podCreate({ containers: [{ name: 'c', image: 'x', securityContext: { privileged: true } }] })),
      '{"kind":"Event", "truncated',
      JSON.stringify(auditEvent({ verb: 'get', objectRef: { resource: 'secrets', namespace: 'a', name: 's' }, responseStatus: { code: 200 } })),
    ].map((message, i) => ({ timestamp: 1_764_000_000_000 + i, message }));
    // Act
    const summary = await handler(subscriptionEvent('prod-eu-1', 'kube-apiserver-audit-1', lines), context);
    // Assess
    expect(summary).toEqual({ events: 3, signals: 2, quarantined: 1, byRule: { 'privileged-pod-created': 1, 'secret-read-by-human': 1 } });
  });

  it('counts a corrupt payload as quarantined instead of failing', async () => {
    const summary = await handler({ awslogs: { data: 'H4sIAAAAAAAA' } }, context);
    expect(summary).toMatchObject({ signals: 0, quarantined: 1 });
  });
});
