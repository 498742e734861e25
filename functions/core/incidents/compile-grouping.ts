import type { Matcher } from './alert-matchers.ts';
import { fieldMatchers } from './alert-matchers.ts';
import type { CorrelationPolicy, GroupingConfig } from './correlation.ts';
import { DEFAULT_POLICIES } from './correlation.ts';
import type { GroupingSettings } from './grouping-config.ts';

type FieldValues = Readonly<Record<string, readonly string[]>>;

const asSets = (match: FieldValues | readonly FieldValues[] | undefined, extra: readonly Matcher[]): Matcher[][] => {
  const sets: readonly FieldValues[] =
    match === undefined ? [{}] : Array.isArray(match) ? match : [match as FieldValues];
  return sets.map((set) => [...fieldMatchers(set), ...extra]);
};

/**
 * Validated grouping settings as the policies the functions run, in the order they are tried:
 * yours, then Alertmanager inhibition rules, then the defaults not switched off. No schema library:
 * the functions compile the settings the stack validated.
 */
export function compileGrouping(settings: GroupingSettings): GroupingConfig {
  const window = settings.windowMinutes;
  const own: CorrelationPolicy[] = settings.policies.map((p) => ({
    name: p.name,
    match: asSets(p.match, p.matchers),
    absorbs: p.absorbs === undefined ? undefined : asSets(p.absorbs, []),
    groupBy: p.groupBy,
    windowMinutes: p.windowMinutes ?? window,
    title: p.title,
    ...(p.actions?.length ? { actions: p.actions } : {}),
  }));
  const inhibitions: CorrelationPolicy[] = settings.inhibit_rules.map((rule, i) => ({
    name: `inhibit-${i + 1}`,
    match: [rule.source_matchers],
    absorbs: [rule.target_matchers],
    groupBy: rule.equal.length > 0 ? rule.equal : ['cluster'],
    windowMinutes: window,
    title: '{lead}',
  }));
  const defaults = DEFAULT_POLICIES.filter((p) => !settings.disable.includes(p.name)).map((p) => ({
    ...p,
    windowMinutes: window,
  }));
  return {
    enabled: settings.enabled,
    policies: [...own, ...inhibitions, ...defaults],
    symptomWaitSeconds: settings.symptomWaitSeconds,
    groupWaitSeconds: settings.groupWaitSeconds,
  };
}
