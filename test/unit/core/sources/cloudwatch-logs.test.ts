import { describe, expect, it } from '@jest/globals';
import { deflateSync, gzipSync } from 'node:zlib';
import { decodeInput } from '../../../../functions/core/sources/decode-input.ts';
import { subscriptionEvent } from '../../../../local/demo/subscription.ts';

const line = (message: string) => ({ timestamp: 1_764_000_000_000, message });

describe('CloudWatch Logs subscription decoding', () => {
  it('decodes a gzip subscription delivery and takes the cluster from the log group', () => {
    // Prepare
    const event = subscriptionEvent('prod-eu-1', 'kube-apiserver-audit-abc', [line('{"kind":"Event"}'), line('{}')]);
    // Act
    const result = decodeInput(JSON.stringify(event), { file: 'f' });
    // Assess
    expect(result.problems).toEqual([]);
    expect(result.events).toHaveLength(2);
    expect(result.events[0]).toMatchObject({ cluster: 'prod-eu-1', stream: 'audit', message: '{"kind":"Event"}' });
    expect(result.events[0].id).toMatch(/^\d{56}$/);
  });

  it('accepts zlib-compressed data as well as gzip', () => {
    const message = {
      messageType: 'DATA_MESSAGE',
      logGroup: '/aws/eks/c1/cluster',
      logStream: 'authenticator-1',
      logEvents: [{ id: '1', timestamp: 1, message: 'level=info msg="x"' }],
    };
    const data = deflateSync(JSON.stringify(message)).toString('base64');
    const result = decodeInput(JSON.stringify({ awslogs: { data } }), { file: 'f' });
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({ cluster: 'c1', stream: 'authenticator' });
  });

  it('ignores a CONTROL_MESSAGE without reporting a problem', () => {
    const data = gzipSync(
      JSON.stringify({
        messageType: 'CONTROL_MESSAGE',
        logGroup: '',
        logStream: '',
        logEvents: [{ id: '', timestamp: 1, message: 'CWL CONTROL MESSAGE: Checking health of destination Lambda.' }],
      }),
    ).toString('base64');
    expect(decodeInput(JSON.stringify({ awslogs: { data } }), { file: 'f' })).toEqual({ events: [], problems: [] });
  });

  it.each([
    ['kube-apiserver-audit-1f8e', 'audit'],
    ['kube-apiserver-1f8e', 'apiserver'],
    ['authenticator-1f8e', 'authenticator'],
    ['kube-controller-manager-1f8e', 'controller-manager'],
    ['kube-scheduler-1f8e', 'scheduler'],
    ['cloud-controller-manager-1f8e', 'cloud-controller-manager'],
  ])('maps stream %s to kind %s', (logStream, kind) => {
    const result = decodeInput(JSON.stringify(subscriptionEvent('c', logStream, [line('x')])), { file: 'f' });
    expect(result.events[0].stream).toBe(kind);
  });

  it('reports a non-EKS log group as a problem that names it', () => {
    const message = {
      messageType: 'DATA_MESSAGE',
      logGroup: 'testLogGroup',
      logStream: 'testLogStream',
      logEvents: [{ id: '1', timestamp: 1, message: 'x' }],
    };
    const result = decodeInput(JSON.stringify(message), { file: 'f.json' });
    expect(result.events).toEqual([]);
    expect(result.problems[0].reason).toContain('testLogGroup');
  });

  it('decodes Kinesis-wrapped subscription records', () => {
    const inner = subscriptionEvent('c2', 'kube-scheduler-1', [line('I1124 02:00:00.000000 1 x.go:1] hi')]).awslogs
      .data;
    const records = { Records: [{ kinesis: { data: inner } }, { kinesis: { data: 'not-base64-gzip' } }] };
    const result = decodeInput(JSON.stringify(records), { file: 'k.json' });
    expect(result.events).toHaveLength(1);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].location).toEqual({ file: 'k.json', record: 1 });
  });

  it('decodes aws logs filter-log-events output with the given cluster', () => {
    const output = {
      events: [
        { logStreamName: 'kube-apiserver-audit-1', timestamp: 5, message: '{}', eventId: 'e1', ingestionTime: 6 },
      ],
      searchedLogStreams: [],
    };
    const result = decodeInput(JSON.stringify(output), { file: 'f', cluster: 'prod' });
    expect(result.events[0]).toMatchObject({ id: 'e1', cluster: 'prod', stream: 'audit' });
  });
});
