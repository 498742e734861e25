import authenticator from '../../../rules/catalogue/authenticator.json' with { type: 'json' };
import cloudAndExternal from '../../../rules/catalogue/cloud-and-external.json' with { type: 'json' };
import controlPlane from '../../../rules/catalogue/control-plane.json' with { type: 'json' };
import nodesAndWorkloads from '../../../rules/catalogue/nodes-and-workloads.json' with { type: 'json' };
import security from '../../../rules/catalogue/security.json' with { type: 'json' };
import type { Rule, RuleInput, RuleOverrides } from './rule-schema.ts';

/** Raised when the catalogue or the user's rule configuration is invalid. */
export class RuleConfigError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'RuleConfigError';
  }
}

/** The built-in catalogue as written in `rules/catalogue/*.json` (validated by the test suite and at synth). */
const BUILT_IN = [
  ...security,
  ...controlPlane,
  ...authenticator,
  ...nodesAndWorkloads,
  ...cloudAndExternal,
] as unknown as RuleInput[];

/** A rule with the schema's defaults filled in. */
export function withRuleDefaults(rule: RuleInput): Rule {
  return {
    ...rule,
    fingerprint: rule.fingerprint ?? [],
    enabled: rule.enabled ?? true,
    changeOnly: rule.changeOnly ?? false,
    firstSeen: rule.firstSeen ?? false,
    actions: (rule.actions ?? []).map((a) => ({ mode: 'suggest', params: {}, approvalMinutes: 60, ...a })),
  } as Rule;
}

/** The built-in catalogue. */
export function builtInRules(): Rule[] {
  return BUILT_IN.map(withRuleDefaults);
}

/**
 * Apply user configuration, already validated (by the configuration schema at synth or load time):
 * override fields of existing rules, add new ones, disable some. Unknown ids and duplicates are
 * errors, so a typo never silently does nothing. No schema library is needed here, which keeps it
 * out of the function bundles.
 */
export function applyRuleOverrides(base: readonly Rule[], overrides: Partial<RuleOverrides> | undefined): Rule[] {
  const byId = new Map(base.map((rule) => [rule.id, rule]));
  for (const [id, patch] of Object.entries(overrides?.override ?? {})) {
    const rule = byId.get(id);
    if (!rule) throw new RuleConfigError(`override names unknown rule "${id}"`);
    byId.set(id, { ...rule, ...patch, id } as Rule);
  }
  for (const rule of overrides?.add ?? []) {
    if (byId.has(rule.id)) throw new RuleConfigError(`added rule "${rule.id}" already exists: use override`);
    byId.set(rule.id, withRuleDefaults(rule));
  }
  for (const id of overrides?.disable ?? []) {
    const rule = byId.get(id);
    if (!rule) throw new RuleConfigError(`disable names unknown rule "${id}"`);
    byId.set(id, { ...rule, enabled: false });
  }
  return [...byId.values()];
}

/** The catalogue in force: built-in rules with validated user overrides applied. */
export function loadRules(overrides?: Partial<RuleOverrides>): Rule[] {
  return applyRuleOverrides(builtInRules(), overrides);
}
