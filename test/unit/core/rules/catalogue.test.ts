import { describe, expect, it } from '@jest/globals';
import { builtInRules, RuleConfigError } from '../../../../functions/core/rules/catalogue.ts';
import { loadValidatedRules, validateRules } from '../../../../functions/core/rules/validate-rules.ts';
import { Classifier } from '../../../../functions/core/rules/classifier.ts';
import { SEVERITIES } from '../../../../functions/core/vocabulary.ts';
import { existsSync } from 'node:fs';
import { podCreate, rawAudit, rawLine } from '../../../helpers/audit-event.ts';

describe('the rule catalogue', () => {
  const rules = validateRules(builtInRules());

  it('has unique ids and a runbook for every rule', () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const rule of rules) expect([rule.id, existsSync(`rules/runbooks/${rule.id}.md`)]).toEqual([rule.id, true]);
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
    const classifier = new Classifier(changed);
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
