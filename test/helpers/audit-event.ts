import type { RawLogEvent } from '../../functions/core/sources/types.ts';

let counter = 0;

/** An audit.k8s.io/v1 Event as EKS writes it, with overrides. */
export function auditEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    auditID: `00000000-test-4000-8000-${String(counter).padStart(12, '0')}`,
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/default/pods',
    verb: 'create',
    user: {
      username: 'jane@example.com',
      groups: ['system:authenticated'],
      extra: {
        arn: ['arn:aws:sts::111122223333:assumed-role/dev/jane'],
        accessKeyId: ['ASIAEXAMPLE'],
        sessionName: ['jane'],
      },
    },
    sourceIPs: ['198.51.100.7'],
    userAgent: 'kubectl/v1.31.1',
    objectRef: { resource: 'pods', namespace: 'default', name: 'web', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 201 },
    requestReceivedTimestamp: '2026-11-24T02:00:00.000000Z',
    stageTimestamp: '2026-11-24T02:00:00.100000Z',
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
    ...overrides,
  };
}

/** A pod spec inside a create-pod audit event. */
export function podCreate(spec: Record<string, unknown>, namespace = 'default'): Record<string, unknown> {
  return auditEvent({
    objectRef: { resource: 'pods', namespace, apiVersion: 'v1' },
    requestObject: {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: 'web' },
      spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], ...spec },
    },
  });
}

/** A raw audit record as the decoder hands it over. */
export function rawAudit(event: Record<string, unknown>, cluster = 'test-cluster'): RawLogEvent {
  return { id: String(event.auditID), timestamp: 0, message: JSON.stringify(event), cluster, stream: 'audit' };
}

/** A raw text line of a stream. */
export function rawLine(stream: RawLogEvent['stream'], message: string, cluster = 'test-cluster'): RawLogEvent {
  counter++;
  return { id: `line-${counter}`, timestamp: Date.parse('2026-11-24T02:00:00Z'), message, cluster, stream };
}
