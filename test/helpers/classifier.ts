import { loadRules } from '../../functions/core/rules/catalogue.ts';
import { Classifier } from '../../functions/core/rules/classifier.ts';
import type { RawLogEvent } from '../../functions/core/sources/types.ts';
import { bundledAwsRanges } from '../../functions/core/sources/aws-ranges-data.ts';

/** One classifier with the built-in catalogue, shared by a test file. */
export const classifier = new Classifier(loadRules(), { awsRanges: bundledAwsRanges });

/** Rule ids of the detections a record matches (change records and first-seen candidates left out), sorted. */
export function rulesOf(raw: RawLogEvent): string[] {
  return classifier
    .classify(raw)
    .filter((s) => !s.changeOnly && !s.firstSeen)
    .map((s) => s.rule ?? '')
    .sort();
}
