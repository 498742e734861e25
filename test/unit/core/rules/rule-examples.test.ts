import { describe, expect, it } from '@jest/globals';
import { builtInRules } from '../../../../functions/core/rules/catalogue.ts';
import { Classifier } from '../../../../functions/core/rules/classifier.ts';
import { checkRuleExamples } from '../../../../functions/core/rules/rule-examples.ts';
import { validateRules } from '../../../../functions/core/rules/validate-rules.ts';
import { ConfigError, parseConfig } from '../../../../lib/load-config.ts';
import { bundledAwsRanges } from '../../../../functions/core/sources/aws-ranges-data.ts';

const rules = validateRules(builtInRules());
const classifier = new Classifier(rules, { awsRanges: bundledAwsRanges });

describe('every rule of the catalogue carries its own examples', () => {
  it.each(rules.map((rule) => [rule.id, rule] as const))(
    '%s matches its match examples and none of its noMatch examples',
    (_id, rule) => {
      // A rule without examples cannot land.
      expect(rule.examples?.match.length).toBeGreaterThan(0);
      expect(rule.examples?.noMatch.length).toBeGreaterThan(0);
      expect(checkRuleExamples(rule, classifier)).toEqual([]);
    },
  );
});

describe('rules users add are checked against their examples when the configuration loads', () => {
  const argo = (message: string) => ({
    rules: {
      add: [
        {
          id: 'argo-sync-failed',
          title: 'Argo CD sync failed',
          summary: 'An Argo CD application failed to sync.',
          severity: 'medium',
          category: 'change',
          component: 'deployment',
          team: 'devops',
          match: { sources: ['eks-audit'], resources: ['events'], verbs: ['create'], keywords: ['sync failed'] },
          fingerprint: ['namespace', 'name'],
          examples: {
            match: [
              {
                audit: {
                  verb: 'create',
                  objectRef: { resource: 'events', namespace: 'argocd', name: 'shop.1' },
                  requestObject: { kind: 'Event', reason: 'OperationCompleted', message },
                },
              },
            ],
            noMatch: [{ audit: { verb: 'create', objectRef: { resource: 'events', namespace: 'argocd' } } }],
          },
        },
      ],
    },
  });

  it('accepts a rule that behaves as its examples say', () => {
    expect(parseConfig(argo('Sync failed: one or more objects failed to apply')).rules.add).toHaveLength(1);
  });

  it('refuses one that does not, naming the rule and the example', () => {
    expect(() => parseConfig(argo('Sync error'), 'watchkeeper.config.json')).toThrow(
      'watchkeeper.config.json: rule examples do not behave: argo-sync-failed: match example 1 does not match',
    );
    expect(() => parseConfig(argo('Sync error'))).toThrow(ConfigError);
  });
});
