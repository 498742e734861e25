import { describe, expect, it } from '@jest/globals';
import { loadRules } from '../../../functions/core/rules/catalogue.ts';
import { countCovered, coverageOf, formatCoverage } from '../../../local/corpus/coverage.ts';
import { GUARDDUTY_EKS, NOT_COVERED, PANTHER } from '../../../local/corpus/references.ts';

const rules = loadRules();

describe('coverage against public catalogues', () => {
  it('names the covering rules of an item, or why none covers it', () => {
    // Act
    const rows = coverageOf(
      'panther',
      ['Kubernetes.Pod.Exec', 'Kubernetes.DaemonSet.Created', 'Made.Up'],
      rules,
      (item) => NOT_COVERED[item],
    );

    // Assess
    expect(rows).toEqual([
      { item: 'Kubernetes.Pod.Exec', rules: ['pod-exec'] },
      { item: 'Kubernetes.DaemonSet.Created', rules: [], why: NOT_COVERED['Kubernetes.DaemonSet.Created'] },
      { item: 'Made.Up', rules: [], why: 'no rule yet' },
    ]);
    expect(countCovered(rows)).toBe('1/3');
    expect(formatCoverage(rows, 30).split('\n')[0]).toBe('  Kubernetes.Pod.Exec            pod-exec');
  });

  it('every Panther and GuardDuty name a rule references is one of the catalogue (no typo passes as coverage)', () => {
    const panther = new Set<string>(PANTHER.rules.map(([id]) => id));
    const guardduty = new Set(GUARDDUTY_EKS.map((t) => t.type));
    for (const rule of rules) {
      for (const id of rule.references?.panther ?? []) expect([rule.id, panther.has(id)]).toEqual([rule.id, true]);
      for (const type of rule.references?.guardduty ?? [])
        expect([rule.id, guardduty.has(type)]).toEqual([rule.id, true]);
    }
  });

  it('every item said not to be covered is in no rule’s references', () => {
    for (const item of Object.keys(NOT_COVERED))
      expect(rules.filter((r) => Object.values(r.references ?? {}).some((names) => names?.includes(item)))).toEqual([]);
  });
});
