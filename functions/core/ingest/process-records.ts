import type { Classifier, ClassifyOptions } from '../rules/classifier.ts';
import type { Signal } from '../rules/signal.ts';
import { InvalidInputError } from '../sources/errors.ts';
import { problemAt } from '../sources/problem.ts';
import type { DecodeResult, Problem } from '../sources/types.ts';

/** What one batch of input produced. */
export interface BatchResult {
  /** Records decoded (valid or not at the normalize step). */
  readonly events: number;
  readonly signals: Signal[];
  /** Everything that could not be read, with the reason: to quarantine and count. */
  readonly problems: Problem[];
}

/**
 * Classify a decoded batch. A record that fails to normalize (or makes classification throw at
 * all) becomes a problem; the rest of the batch is still classified.
 */
export function classifyBatch(
  decoded: DecodeResult,
  classifier: Classifier,
  file: string,
  options: ClassifyOptions = {},
): BatchResult {
  const signals: Signal[] = [];
  const problems: Problem[] = [...decoded.problems];
  for (const event of decoded.events) {
    try {
      const found = classifier.classify(event, options);
      for (const signal of found) signals.push(signal);
    } catch (error) {
      // Classification is pure: whatever it throws is about this record alone, which is quarantined.
      const reason = error instanceof InvalidInputError ? error.message : `cannot be read (${(error as Error).name})`;
      const id = String(event.id).slice(0, 200);
      problems.push(problemAt({ file, record: undefined }, `event ${id}: ${reason}`, event.parsed ?? event.message));
    }
  }
  return { events: decoded.events.length + decoded.problems.length, signals, problems };
}
