import authenticator from '../../../rules/catalogue/authenticator.json' with { type: 'json' };
import cloudAndExternal from '../../../rules/catalogue/cloud-and-external.json' with { type: 'json' };
import controlPlane from '../../../rules/catalogue/control-plane.json' with { type: 'json' };
import nodesAndWorkloads from '../../../rules/catalogue/nodes-and-workloads.json' with { type: 'json' };
import security from '../../../rules/catalogue/security.json' with { type: 'json' };
import { z } from 'zod';
import type { Rule, RuleOverrides } from './rule-schema.ts';
import { RuleOverridesSchema, RuleSchema } from './rule-schema.ts';

/** Raised when the catalogue or the user's rule configuration is invalid. */
export class RuleConfigError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'RuleConfigError';
  }
}

/** The built-in catalogue as shipped in `rules/catalogue/*.json`, validated. */
export function builtInRules(): Rule[] {
  const parsed = z.array(RuleSchema).safeParse([...security, ...controlPlane, ...authenticator, ...nodesAndWorkloads, ...cloudAndExternal]);
  if (!parsed.success) throw new RuleConfigError(`built-in catalogue is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * Apply user configuration to a catalogue: override fields of existing rules, add new ones,
 * disable some. Unknown ids and duplicates are errors, so a typo never silently does nothing.
 */
export function applyRuleOverrides(base: readonly Rule[], input: unknown): Rule[] {
  const parsed = RuleOverridesSchema.safeParse(input ?? {});
  if (!parsed.success) throw new RuleConfigError(`rule configuration is invalid: ${z.prettifyError(parsed.error)}`);
  const overrides: RuleOverrides = parsed.data;
  const byId = new Map(base.map((rule) => [rule.id, rule]));
  for (const [id, patch] of Object.entries(overrides.override)) {
    const rule = byId.get(id);
    if (!rule) throw new RuleConfigError(`override names unknown rule "${id}"`);
    byId.set(id, RuleSchema.parse({ ...rule, ...patch, id }));
  }
  for (const rule of overrides.add) {
    if (byId.has(rule.id)) throw new RuleConfigError(`added rule "${rule.id}" already exists: use override`);
    byId.set(rule.id, rule);
  }
  for (const id of overrides.disable) {
    const rule = byId.get(id);
    if (!rule) throw new RuleConfigError(`disable names unknown rule "${id}"`);
    byId.set(id, { ...rule, enabled: false });
  }
  return [...byId.values()];
}

/** The catalogue in force: built-in rules with the user's overrides applied. */
export function loadRules(overrides?: unknown): Rule[] {
  return applyRuleOverrides(builtInRules(), overrides);
}
