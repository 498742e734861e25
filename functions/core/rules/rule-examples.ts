import { decodeDocument } from '../sources/decode-input.ts';
import { streamKindOf } from '../sources/registry.ts';
import type { RawLogEvent } from '../sources/types.ts';
import type { Classifier } from './classifier.ts';
import type { Rule, RuleExample } from './rule-schema.ts';

/** The audit event an `audit` example is merged over: a person's `get` that succeeded. */
const BASE_AUDIT_EVENT = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'RequestResponse',
  auditID: 'example',
  stage: 'ResponseComplete',
  requestURI: '/api',
  verb: 'get',
  user: { username: 'jane@example.com', groups: ['system:authenticated'] },
  sourceIPs: ['198.51.100.7'],
  userAgent: 'kubectl/v1.31.1',
  responseStatus: { code: 200 },
  annotations: { 'authorization.k8s.io/decision': 'allow' },
  requestReceivedTimestamp: '2026-11-24T02:00:00.000Z',
  stageTimestamp: '2026-11-24T02:00:00.000Z',
} as const;

const CLUSTER = 'example';
const AT = Date.parse('2026-11-24T02:00:00Z');

/** The raw records of an example, as the decoders would hand them to the classifier. */
export function exampleRecords(example: RuleExample): RawLogEvent[] {
  if ('audit' in example) {
    const event = { ...BASE_AUDIT_EVENT, ...example.audit };
    return [{ id: 'example', timestamp: AT, message: JSON.stringify(event), cluster: CLUSTER, stream: 'audit' }];
  }
  if ('line' in example) {
    const stream = streamKindOf(example.stream);
    if (!stream) throw new Error(`example names an unknown stream "${example.stream}"`);
    return [{ id: 'example', timestamp: AT, message: example.line, cluster: CLUSTER, stream }];
  }
  const decoded = decodeDocument(example.document, { file: 'example' }, { file: 'example', cluster: CLUSTER, now: AT });
  if (decoded.problems.length > 0) throw new Error(`example document cannot be read: ${decoded.problems[0].reason}`);
  return decoded.events;
}

/**
 * Check a rule's examples against a classifier holding it: every `match` example must raise it,
 * no `noMatch` example may. Returns what failed, in words (empty when all behave).
 */
export function checkRuleExamples(rule: Rule, classifier: Classifier): string[] {
  const failures: string[] = [];
  const raises = (example: RuleExample): boolean =>
    exampleRecords(example).some((raw) => classifier.classify(raw).some((s) => s.rule === rule.id));
  const run = (examples: readonly RuleExample[], expected: boolean, what: string): void => {
    examples.forEach((example, i) => {
      try {
        if (raises(example) !== expected)
          failures.push(`${rule.id}: ${what} example ${i + 1} ${expected ? 'does not match' : 'matches'}`);
      } catch (error) {
        failures.push(`${rule.id}: ${what} example ${i + 1}: ${(error as Error).message}`);
      }
    });
  };
  run(rule.examples?.match ?? [], true, 'match');
  run(rule.examples?.noMatch ?? [], false, 'noMatch');
  return failures;
}
