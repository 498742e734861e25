import type { Rule } from '../../functions/core/rules/rule-schema.ts';

/** A catalogue Watchkeeper's rules name in their `references`. */
export type Catalogue = 'falco' | 'guardduty' | 'sigma' | 'panther';

/** One item of a catalogue: the Watchkeeper rules that cover it, or why none does. */
export interface CoverageRow {
  readonly item: string;
  readonly rules: readonly string[];
  readonly why?: string;
}

/** Each item with the enabled rules whose references name it; `why` for the uncovered ones. Pure. */
export function coverageOf(
  catalogue: Catalogue,
  items: readonly string[],
  rules: readonly Rule[],
  why: (item: string) => string | undefined,
): CoverageRow[] {
  return items.map((item) => {
    const covering = rules.filter((r) => r.enabled && r.references?.[catalogue]?.includes(item)).map((r) => r.id);
    return covering.length > 0 ? { item, rules: covering } : { item, rules: [], why: why(item) ?? 'no rule yet' };
  });
}

/** `covered/total` of rows. */
export const countCovered = (rows: readonly CoverageRow[]): string =>
  `${rows.filter((r) => r.rules.length > 0).length}/${rows.length}`;

/**
 * The rows as aligned text: the item, then the covering rules or `—` and why not; when no item is
 * covered and all share one reason, the reason once and the items after it.
 */
export function formatCoverage(rows: readonly CoverageRow[], width = 64): string {
  const reasons = new Set(rows.map((r) => r.why));
  if (rows.every((r) => r.rules.length === 0) && reasons.size === 1)
    return [`  — ${rows[0]?.why}:`, ...rows.map((r) => `    ${r.item}`)].join('\n');
  return rows
    .map((r) => `  ${r.item.padEnd(width)} ${r.rules.length > 0 ? r.rules.join(', ') : `— ${r.why}`}`)
    .join('\n');
}
