import { describe, expect, it } from '@jest/globals';
import { loadRules } from '../../../../functions/core/rules/catalogue.ts';
import { entryPointOf } from '../../../../functions/core/sources/decode-input.ts';
import { SOURCE_MODULES, streamKindOf } from '../../../../functions/core/sources/registry.ts';
import { SOURCES } from '../../../../functions/core/vocabulary.ts';
import { subscriptionEvent } from '../../../../local/demo/subscription.ts';
import { auditEvent } from '../../../helpers/audit-event.ts';
import { alertmanagerPayload, alarmEvent } from '../../../helpers/external-events.ts';

describe('the source registry', () => {
  it('names every source and record kind once, and every EventBridge detail-type and log stream prefix once', () => {
    const once = (values: string[]) => expect(new Set(values).size).toBe(values.length);
    once(SOURCE_MODULES.map((m) => m.source));
    once(SOURCE_MODULES.map((m) => m.kind));
    once(SOURCE_MODULES.flatMap((m) => ('eventBridge' in m ? [m.eventBridge.detailType] : [])));
    once(SOURCE_MODULES.flatMap((m) => ('logStreamPrefix' in m ? [m.logStreamPrefix] : [])));
  });

  it('has rules for every source (a source no rule reads would be read for nothing)', () => {
    const read = new Set(loadRules().flatMap((rule) => rule.match.sources));
    expect(SOURCES.filter((source) => !read.has(source))).toEqual([]);
  });

  it.each([
    ['kube-apiserver-audit-8f1e2d', 'audit'],
    ['kube-apiserver-8f1e2d', 'apiserver'],
    ['authenticator-8f1e2d', 'authenticator'],
    ['cloud-controller-manager-8f1e2d', 'cloud-controller-manager'],
    ['kube-scheduler', 'scheduler'],
    ['scheduler', 'scheduler'],
    ['kube-apiserver-auditx', 'apiserver'],
    ['etcd-1', undefined],
  ])('maps the log stream %s to the kind %s (longest prefix first)', (stream, kind) => {
    expect(streamKindOf(stream)).toBe(kind);
  });

  it.each([
    ['a CloudWatch Logs subscription delivery', subscriptionEvent('c', 'kube-scheduler-1', []), 'ingest-logs'],
    ['Kinesis records', { Records: [{ kinesis: { data: '' } }] }, 'ingest-logs'],
    ['an EventBridge event', alarmEvent('ALARM'), 'ingest-events'],
    ['an Alertmanager webhook payload', alertmanagerPayload([{ name: 'X' }]), 'alertmanager'],
    ['an audit event from a file', auditEvent(), 'file'],
    ['text', 'not json', 'file'],
  ])('delivers %s through the function that receives it in AWS', (_name, document, entry) => {
    expect(entryPointOf(document)).toBe(entry);
  });
});
