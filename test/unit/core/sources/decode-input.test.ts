import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeInput } from '../../../../functions/core/sources/decode-input.ts';
import { subscriptionEvent } from '../../../../local/demo/subscription.ts';
import { auditEvent } from '../../../helpers/audit-event.ts';

describe('input auto-detection', () => {
  it('reads JSON lines of audit events and reports the bad line with its number', () => {
    const text = [JSON.stringify(auditEvent()), '{not json', JSON.stringify(auditEvent()), '{"kind": 0}'].join('\n');
    const result = decodeInput(text, { file: 'audit.log', cluster: 'c' });
    expect(result.events).toHaveLength(2);
    expect(result.problems.map((p) => p.location.line)).toEqual([2, 4]);
    expect(result.problems[1].reason).toContain('kind 0');
  });

  it('reads an audit EventList and a Kubernetes EventList', () => {
    const audit = { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [auditEvent(), auditEvent()] };
    const kube = {
      kind: 'EventList',
      apiVersion: 'v1',
      items: [
        {
          kind: 'Event',
          apiVersion: 'v1',
          reason: 'BackOff',
          message: 'x',
          involvedObject: { kind: 'Pod', name: 'p' },
          metadata: { uid: 'u1' },
        },
      ],
    };
    expect(decodeInput(JSON.stringify(audit), { file: 'f' }).events.map((e) => e.stream)).toEqual(['audit', 'audit']);
    expect(decodeInput(JSON.stringify(kube), { file: 'f' }).events.map((e) => e.stream)).toEqual(['k8s-event']);
  });

  it('reads what `kubectl get events -o json` prints (a List), and reports an item of another kind', () => {
    const event = {
      kind: 'Event',
      apiVersion: 'v1',
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-1' },
      metadata: { uid: 'u1', namespace: 'shop' },
    };
    const list = { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: [event, { kind: 'Pod' }] };
    const result = decodeInput(JSON.stringify(list, null, 2), { file: 'events.json' });
    expect(result.events.map((e) => e.stream)).toEqual(['k8s-event']);
    expect(result.problems.map((p) => [p.location.record, p.reason])).toEqual([
      [1, 'unsupported input: kind "Pod" is not an audit Event, EventList, List or Kubernetes Event'],
    ]);
  });

  it('reads raw text lines for a named stream with stable ids', () => {
    const text = 'level=warning msg="access denied"\nlevel=warning msg="access denied"\n';
    const first = decodeInput(text, { file: 'a.log', stream: 'authenticator' });
    const again = decodeInput(text, { file: 'b.log', stream: 'authenticator' });
    expect(first.events).toHaveLength(2);
    expect(new Set(first.events.map((e) => e.id)).size).toBe(2);
    expect(again.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
  });

  it('never throws on random text and reports something for non-empty garbage', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = decodeInput(text, { file: 'fuzz' });
        if (text.trim() !== '') expect(result.events.length + result.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every valid line beside random and truncated ones', () => {
    const valid = JSON.stringify(auditEvent());
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constant('VALID'),
            fc.string(),
            fc.nat(valid.length - 1).map((n) => valid.slice(0, n)),
          ),
          { maxLength: 20 },
        ),
        (lines) => {
          const text = lines.map((l) => (l === 'VALID' ? valid : l.replace(/\n/g, ' '))).join('\n');
          const result = decodeInput(text, { file: 'fuzz' });
          const validCount = lines.filter((l) => l === 'VALID').length;
          expect(result.events.filter((e) => e.stream === 'audit').length).toBeGreaterThanOrEqual(validCount);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never throws on truncated or corrupted subscription payloads', () => {
    const good = subscriptionEvent('c', 'kube-apiserver-audit-1', [{ timestamp: 1, message: '{}' }]).awslogs.data;
    fc.assert(
      fc.property(fc.nat(good.length), fc.string({ maxLength: 8 }), (cut, noise) => {
        const data = good.slice(0, cut) + noise;
        const result = decodeInput(JSON.stringify({ awslogs: { data } }), { file: 'f' });
        expect(result.events.length + result.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
