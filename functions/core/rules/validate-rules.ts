import { z } from 'zod';
import { applyRuleOverrides, builtInRules, RuleConfigError } from './catalogue.ts';
import type { Rule } from './rule-schema.ts';
import { RuleOverridesSchema, RuleSchema } from './rule-schema.ts';

/** Validate rules against the schema; throws {@link RuleConfigError} naming what is wrong. */
export function validateRules(rules: readonly unknown[]): Rule[] {
  const parsed = z.array(RuleSchema).safeParse(rules);
  if (!parsed.success) throw new RuleConfigError(`rule catalogue is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Validate user overrides and apply them to the (validated) built-in catalogue. */
export function loadValidatedRules(overrides: unknown): Rule[] {
  const parsed = RuleOverridesSchema.safeParse(overrides ?? {});
  if (!parsed.success) throw new RuleConfigError(`rule configuration is invalid: ${z.prettifyError(parsed.error)}`);
  return applyRuleOverrides(validateRules(builtInRules()), parsed.data);
}
