import type { DecodeResult, Problem, RawLogEvent } from './types.ts';

/** What decoding one item of a list gives: its records and problems, one record, or one problem. */
export type ItemResult = DecodeResult | RawLogEvent | Problem;

const isProblem = (value: ItemResult): value is Problem => 'reason' in value && 'location' in value;
const isResult = (value: ItemResult): value is DecodeResult => 'events' in value && 'problems' in value;

/** Decode every item of a list and gather the records and the problems, in order. */
export function decodeAll<T>(items: readonly T[], decode: (item: T, index: number) => ItemResult): DecodeResult {
  const events: RawLogEvent[] = [];
  const problems: Problem[] = [];
  items.forEach((item, index) => {
    const result = decode(item, index);
    if (isResult(result)) {
      for (const event of result.events) events.push(event);
      for (const problem of result.problems) problems.push(problem);
    } else if (isProblem(result)) {
      problems.push(result);
    } else {
      events.push(result);
    }
  });
  return { events, problems };
}
