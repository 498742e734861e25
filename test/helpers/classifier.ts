import { loadRules } from '../../functions/core/rules/catalogue.ts';
import { Classifier } from '../../functions/core/rules/classifier.ts';
import type { RawLogEvent } from '../../functions/core/sources/types.ts';

/** One classifier with the built-in catalogue, shared by a test file. */
export const classifier = new Classifier(loadRules());

/** Rule ids a record matches, sorted. */
export function rulesOf(raw: RawLogEvent): string[] {
  return classifier.classify(raw).map((s) => s.rule ?? '').sort();
}
