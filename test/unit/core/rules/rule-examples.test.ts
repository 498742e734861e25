import { describe, expect, it } from '@jest/globals';
import { builtInRules } from '../../../../functions/core/rules/catalogue.ts';
import { Classifier } from '../../../../functions/core/rules/classifier.ts';
import { checkRuleExamples } from '../../../../functions/core/rules/rule-examples.ts';
import { validateRules } from '../../../../functions/core/rules/validate-rules.ts';

const rules = validateRules(builtInRules());
const classifier = new Classifier(rules);

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
