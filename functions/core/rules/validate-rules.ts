import * as z from 'zod';
import { applyRuleOverrides, builtInRules, RuleConfigError } from './catalogue.ts';
import { Classifier } from './classifier.ts';
import { checkRuleExamples } from './rule-examples.ts';
import type { Rule } from './rule-schema.ts';
import { RuleOverridesSchema, RuleSchema } from './rule-schema.ts';
import { bundledAwsRanges } from '../sources/aws-ranges-data.ts';

/** Validate rules against the schema; throws {@link RuleConfigError} naming what is wrong. */
export function validateRules(rules: readonly unknown[]): Rule[] {
  const parsed = z.array(RuleSchema).safeParse(rules);
  if (!parsed.success) throw new RuleConfigError(`rule catalogue is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * Validate user overrides and apply them to the (validated) built-in catalogue. Rules users add with
 * `examples` are checked against them, so a rule that does not match what its author meant fails the
 * synth, not the night it should have paged.
 */
export function loadValidatedRules(overrides: unknown): Rule[] {
  const parsed = RuleOverridesSchema.safeParse(overrides ?? {});
  if (!parsed.success) throw new RuleConfigError(`rule configuration is invalid: ${z.prettifyError(parsed.error)}`);
  const rules = applyRuleOverrides(validateRules(builtInRules()), parsed.data);
  const added = new Set(parsed.data.add.map((rule) => rule.id));
  const withExamples = rules.filter((rule) => added.has(rule.id) && rule.examples);
  if (withExamples.length > 0) {
    const classifier = new Classifier(rules, { awsRanges: bundledAwsRanges });
    const failures = withExamples.flatMap((rule) => checkRuleExamples(rule, classifier));
    if (failures.length > 0) throw new RuleConfigError(`rule examples do not behave: ${failures.join('; ')}`);
  }
  return rules;
}
