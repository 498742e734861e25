import { describe, expect, it } from '@jest/globals';
import { decodeInput } from '../../../../functions/core/sources/decode-input.ts';
import { Classifier } from '../../../../functions/core/rules/classifier.ts';
import { loadRules } from '../../../../functions/core/rules/catalogue.ts';
import { parseConfig } from '../../../../lib/load-config.ts';
import { auditEvent, rawAudit } from '../../../helpers/audit-event.ts';
import { guardDutyEvent } from '../../../helpers/external-events.ts';
import { bundledAwsRanges } from '../../../../functions/core/sources/aws-ranges-data.ts';

/** An audit event as some forwarders emit it: without `kind` and `apiVersion`. */
const bare = () => {
  const {
    kind: _k,
    apiVersion: _a,
    ...rest
  } = auditEvent({
    objectRef: { resource: 'pods', subresource: 'exec', namespace: 'a', name: 'p' },
    responseStatus: { code: 101 },
  });
  return rest;
};
const finding = () => guardDutyEvent().detail as Record<string, unknown>;
const streams = (value: unknown) => {
  const result = decodeInput(typeof value === 'string' ? value : JSON.stringify(value), { file: 'f', cluster: 'c' });
  return { streams: result.events.map((e) => e.stream), problems: result.problems.map((p) => p.reason) };
};

describe('audit events whatever wraps them', () => {
  it('recognises an audit event by its fields when kind and apiVersion are gone', () => {
    expect(streams(bare())).toEqual({ streams: ['audit'], problems: [] });
  });

  it('unwraps the event from a SIEM or shipper field, as JSON text or as an object', () => {
    const text = JSON.stringify(bare());
    expect(streams({ '@timestamp': '2026-11-24T02:00:00Z', message: text })).toEqual({
      streams: ['audit'],
      problems: [],
    });
    expect(
      streams({ time: '2026-11-24T02:00:00Z', stream: 'stdout', log: JSON.stringify(auditEvent()) }).streams,
    ).toEqual(['audit']);
    expect(streams({ host: 'h', sourcetype: 'k8s:audit', event: bare() }).streams).toEqual(['audit']);
    expect(streams({ timestamp: 1_764_000_000_000, message: text }).streams).toEqual(['audit']);
  });

  it('still tells apart a Kubernetes Event, and quarantines an unknown wrapper with its reason', () => {
    const kube = {
      kind: 'Event',
      apiVersion: 'v1',
      reason: 'BackOff',
      message: 'Back-off',
      involvedObject: { kind: 'Pod', name: 'p' },
    };
    expect(streams(kube).streams).toEqual(['k8s-event']);
    expect(streams({ message: '{"not": "an audit event"}' })).toEqual({
      streams: [],
      problems: [expect.stringContaining('none of the known shapes (keys: not)')],
    });
    expect(streams({ message: 'plain text' }).problems).toEqual([expect.stringContaining('keys: message')]);
    // A field that is not a whole event does not pass: verb and user alone are not an audit event.
    expect(streams({ verb: 'get', user: { username: 'x' } }).streams).toEqual([]);
  });
});

describe('GuardDuty findings in all their shapes', () => {
  it('reads an EventBridge event, a finding alone, a GetFindings page and S3-export lines as the same finding', () => {
    const one = finding();
    expect(streams(guardDutyEvent()).streams).toEqual(['guardduty']);
    expect(streams(one).streams).toEqual(['guardduty']);
    expect(streams({ Findings: [one, { ...one, id: 'b2c5f3e0b9d14a5c9e7f0b1d2c3e4f51' }] }).streams).toEqual([
      'guardduty',
      'guardduty',
    ]);
    expect(streams([JSON.stringify(one), JSON.stringify(one)].join('\n')).streams).toEqual(['guardduty', 'guardduty']);
  });

  it('quarantines a finding on something other than an EKS cluster, naming its resource type', () => {
    const ec2 = { ...finding(), resource: { resourceType: 'Instance', instanceDetails: { instanceId: 'i-1' } } };
    expect(streams({ Findings: [ec2, finding()] })).toEqual({
      streams: ['guardduty'],
      problems: [expect.stringContaining('GuardDuty finding on "Instance", not on an EKS cluster')],
    });
  });
});

describe('your own networks', () => {
  it('makes a request from a trusted network "ours", not the internet: the endpoint-probe rule stays quiet', () => {
    const probe = (ip: string) =>
      rawAudit(
        auditEvent({
          user: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
          verb: 'get',
          objectRef: undefined,
          sourceIPs: [ip],
          requestURI: '/version',
          responseStatus: { code: 200 },
        }),
      );
    const rules = loadRules();
    const trusting = new Classifier(rules, {
      awsRanges: bundledAwsRanges,
      trustedNetworks: ['203.0.113.0/24', '2001:db8::7'],
    });
    const plain = new Classifier(rules, { awsRanges: bundledAwsRanges });
    expect(plain.classify(probe('203.0.113.9')).map((s) => s.rule)).toEqual(['anonymous-endpoint-probe']);
    expect(trusting.classify(probe('203.0.113.9'))).toEqual([]);
    expect(trusting.classify(probe('2001:db8::7'))).toEqual([]);
    expect(trusting.classify(probe('198.51.100.1')).map((s) => s.rule)).toEqual(['anonymous-endpoint-probe']);
  });

  it('refuses a trusted network that is not a CIDR or an address, naming it', () => {
    expect(() => parseConfig({ trustedNetworks: ['203.0.113.0/24', 'corp-vpn'] })).toThrow(
      /a CIDR such as 203\.0\.113\.0\/24, or an address\s+→ at trustedNetworks\[1\]/,
    );
  });
});
