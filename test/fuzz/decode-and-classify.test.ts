import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { classifyBatch } from '../../functions/core/ingest/process-records.ts';
import { decodeInput } from '../../functions/core/sources/decode-input.ts';
import { SOURCE_MODULES } from '../../functions/core/sources/registry.ts';
import { subscriptionEvent } from '../../local/demo/subscription.ts';
import { auditEvent } from '../helpers/audit-event.ts';
import { classifier } from '../helpers/classifier.ts';
import {
  alarmEvent,
  alertmanagerPayload,
  cloudTrailRecord,
  eventBridgeCloudTrail,
  guardDutyEvent,
} from '../helpers/external-events.ts';
import { fuzzParams, hostileValue, mutated, nested } from '../helpers/fuzz.ts';

/** An exec into a pod: the valid record that must survive whatever stands beside it. */
const EXEC = auditEvent({
  auditID: 'fuzz-valid-exec',
  objectRef: { resource: 'pods', subresource: 'exec', namespace: 'shop', name: 'web-0', apiVersion: 'v1' },
  responseStatus: { code: 101 },
});

/** Decode and classify text as `classify` and every ingest function do; nothing may throw. */
function run(text: string) {
  const decoded = decodeInput(text, { file: 'fuzz', cluster: 'fuzz-cluster' });
  return classifyBatch(decoded, classifier, 'fuzz', { includeUnmatched: true });
}

const keepsTheValidExec = (text: string): void => {
  const batch = run(`${text}\n${JSON.stringify(EXEC)}`);
  expect(batch.signals.some((s) => s.rule === 'pod-exec' && s.eventId === 'fuzz-valid-exec')).toBe(true);
  // A reason names what is wrong: an internal error caught by the safety net is a defect to fix.
  for (const problem of batch.problems) expect(problem.reason).not.toMatch(/cannot be read/);
};

/** A valid document of every source that arrives as a document of its own, by source. */
const TEMPLATES: Readonly<Record<string, Record<string, unknown>>> = {
  'eks-audit': auditEvent(),
  cloudtrail: eventBridgeCloudTrail(cloudTrailRecord('UpdateClusterConfig', { name: 'p' })),
  'cloudwatch-alarm': alarmEvent('ALARM'),
  guardduty: guardDutyEvent(),
  alertmanager: alertmanagerPayload([{ name: 'KubePodCrashLooping', labels: { pod: 'p-1' } }]),
  'k8s-event': {
    kind: 'Event',
    apiVersion: 'v1',
    reason: 'BackOff',
    message: 'Back-off restarting failed container',
    involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-7d9f8-abcde' },
    metadata: { uid: 'u1', namespace: 'shop' },
  },
};

describe('decoding and classification of hostile input', () => {
  it('survives any line of text and keeps the valid event beside it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (line) =>
        keepsTheValidExec(line.replace(/\n/g, ' ')),
      ),
      fuzzParams(),
    );
  });

  it('survives any JSON value on a line and keeps the valid event beside it', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => keepsTheValidExec(JSON.stringify(value))),
      fuzzParams(),
    );
  });

  it.each([10, 2_000, 50_000])('quarantines %i nested lists on one line without a stack overflow', (depth) => {
    const batch = run(`${nested(depth)}\n${JSON.stringify(EXEC)}`);
    expect(batch.problems[0].reason).toMatch(/nested deeper than/);
    expect(batch.signals.some((s) => s.eventId === 'fuzz-valid-exec')).toBe(true);
  });

  it('quarantines deeply nested objects and EventList items like deep lists', () => {
    const deepObject = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const deepList = JSON.stringify({ kind: 'EventList', items: JSON.parse(nested(40, JSON.stringify(EXEC))) });
    for (const text of [deepObject, deepList]) expect(run(text).problems).toHaveLength(1);
  });

  it('has a template for every source that arrives as a document of its own (a new source must add one)', () => {
    const standalone = SOURCE_MODULES.filter((m) => 'detect' in m || 'eventBridge' in m).map((m) => m.source);
    expect(Object.keys(TEMPLATES).sort()).toEqual([...standalone].sort());
  });

  it.each(Object.entries(TEMPLATES))(
    'survives a document of source %s with any field replaced by a hostile value',
    (_name, template) => {
      fc.assert(
        fc.property(mutated(template), (event) => keepsTheValidExec(JSON.stringify(event))),
        fuzzParams(),
      );
    },
  );

  it('survives subscription payloads whose log events carry any messages', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('kube-apiserver-audit-1', 'authenticator-1', 'kube-scheduler-1', 'kube-apiserver-1'),
        fc.array(
          fc.oneof(
            fc.string({ unit: 'binary' }),
            hostileValue.map((v) => JSON.stringify(v) ?? ''),
          ),
          {
            maxLength: 5,
          },
        ),
        (stream, messages) => {
          const lines = [...messages, JSON.stringify(EXEC)].map((message, i) => ({ timestamp: i, message }));
          const batch = run(JSON.stringify(subscriptionEvent('fuzz', stream, lines)));
          if (stream.startsWith('kube-apiserver-audit'))
            expect(batch.signals.some((s) => s.eventId === 'fuzz-valid-exec')).toBe(true);
        },
      ),
      fuzzParams(),
    );
  });
});
