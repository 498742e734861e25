import { describe, expect, it } from '@jest/globals';
import { builtInRules, RuleConfigError } from '../../../../functions/core/rules/catalogue.ts';
import { loadValidatedRules, validateRules } from '../../../../functions/core/rules/validate-rules.ts';
import { Classifier } from '../../../../functions/core/rules/classifier.ts';
import { SEVERITIES } from '../../../../functions/core/vocabulary.ts';
import { existsSync } from 'node:fs';
import { podCreate, rawAudit, rawLine } from '../../../helpers/audit-event.ts';
import { bundledAwsRanges } from '../../../../functions/core/sources/aws-ranges-data.ts';

describe('the rule catalogue', () => {
  const rules = validateRules(builtInRules());

  it('has unique ids and a runbook for every rule', () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const rule of rules) expect([rule.id, existsSync(`rules/runbooks/${rule.id}.md`)]).toEqual([rule.id, true]);
  });

  it('indexes every audit rule, so that no rule makes every audit record pay for normalization', () => {
    // A rule for eks-audit with none of these lands in the bucket every record is checked against.
    const unindexed = rules
      .filter((r) => r.match.sources.includes('eks-audit'))
      .filter((r) => {
        const m = r.match;
        return !(m.resources || m.verbs || m.users || m.userKinds || m.responseCodes || m.sourceScopes);
      })
      .map((r) => r.id);
    expect(unindexed).toEqual([]);
  });

  it('checks the examples of a rule a user adds when the configuration loads, naming the one that fails', () => {
    const rule = {
      id: 'argo-sync-failed',
      title: 'Argo CD sync failed',
      summary: 's',
      severity: 'medium',
      category: 'change',
      component: 'deployment',
      team: 'devops',
      match: { sources: ['k8s-event'], keywords: ['sync failed'] },
      examples: {
        match: [
          {
            document: {
              kind: 'Event',
              apiVersion: 'v1',
              reason: 'SyncError',
              message: 'sync failed: timeout',
              involvedObject: { kind: 'Application', name: 'shop' },
            },
          },
        ],
        noMatch: [
          {
            document: {
              kind: 'Event',
              apiVersion: 'v1',
              reason: 'Synced',
              message: 'sync failed to start? no: synced',
              involvedObject: { kind: 'Application', name: 'shop' },
            },
          },
        ],
      },
    };
    expect(() => loadValidatedRules({ add: [rule] })).toThrow('argo-sync-failed: noMatch example 1 matches');
    const fixed = {
      ...rule,
      examples: {
        ...rule.examples,
        noMatch: [{ document: { ...rule.examples.noMatch[0].document, message: 'synced' } }],
      },
    };
    expect(loadValidatedRules({ add: [fixed] }).map((r) => r.id)).toContain('argo-sync-failed');
  });

  it('lets users override, disable and add rules', () => {
    const custom = {
      id: 'etcd-custom',
      title: 'Custom',
      summary: 's',
      severity: 'low',
      category: 'reliability',
      component: 'etcd',
      team: 'platform',
      match: { sources: ['eks-apiserver'], keywords: ['my custom phrase'] },
    };
    const changed = loadValidatedRules({
      override: { 'privileged-pod-created': { severity: 'critical', team: 'platform' } },
      disable: ['host-pid-pod-created'],
      add: [custom],
    });
    const classifier = new Classifier(changed, { awsRanges: bundledAwsRanges });
    const signals = classifier
      .classify(
        rawAudit(
          podCreate({ hostPID: true, containers: [{ name: 'c', image: 'x', securityContext: { privileged: true } }] }),
        ),
      )
      .filter((s) => !s.changeOnly);
    expect(signals.map((s) => [s.rule, s.severity, s.team])).toEqual([
      ['privileged-pod-created', 'critical', 'platform'],
    ]);
    expect(classifier.classify(rawLine('apiserver', 'E1 x] My Custom Phrase here')).map((s) => s.rule)).toEqual([
      'etcd-custom',
    ]);
  });

  it.each([
    [{ override: { 'no-such-rule': { severity: 'low' } } }, 'unknown rule "no-such-rule"'],
    [{ disable: ['nope'] }, 'unknown rule "nope"'],
    [{ override: { 'pod-exec': { severity: 'urgent' } } }, 'severity'],
  ])('rejects invalid configuration %j with a clear message', (input, message) => {
    expect(() => loadValidatedRules(input)).toThrow(RuleConfigError);
    expect(() => loadValidatedRules(input)).toThrow(message);
  });

  it('uses only the stable vocabulary', () => {
    for (const rule of rules) expect(SEVERITIES).toContain(rule.severity);
  });
});
