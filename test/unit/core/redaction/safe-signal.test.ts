import { describe, expect, it } from '@jest/globals';
import { safeSignal } from '../../../../functions/core/redaction/safe-signal.ts';
import { signal } from '../../../helpers/signal.ts';

describe('safeSignal', () => {
  it('keeps the key names a rule lists, even under a key that names credentials', () => {
    const safe = safeSignal(
      signal({ evidence: { 'configmap.credentialKeys': ['access.properties', 'db.password'], verb: 'create' } }),
    );
    expect(safe.evidence['configmap.credentialKeys']).toEqual(['access.properties', 'db.password']);
  });

  it('redacts values of credential-named keys the source chose: labels, nested objects and their lists', () => {
    const safe = safeSignal(
      signal({
        evidence: {
          'label.api_token': 'abc123',
          'label.alertname': 'KubePodCrashLooping',
          request: { spec: { password: 'hunter2', tokens: ['t1', 't2'], replicas: 'three' } },
        },
      }),
    );
    expect(safe.evidence).toEqual({
      'label.api_token': '[REDACTED]',
      'label.alertname': 'KubePodCrashLooping',
      request: { spec: { password: '[REDACTED]', tokens: ['[REDACTED]', '[REDACTED]'], replicas: 'three' } },
    });
  });

  it('keeps the resource fields in the order the source wrote them, without unknown fields', () => {
    const resource = { kind: 'Pod', namespace: 'a', name: 'p', extra: 'x' } as never;
    expect(Object.keys(safeSignal(signal({ resource })).resource)).toEqual(['kind', 'namespace', 'name']);
  });
});
