import fc from 'fast-check';

/** Cases per property: bounded in `npm test`, large in `npm run fuzz` (FUZZ_RUNS). */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 150);

/** fast-check parameters of every fuzz property: a new seed every run (a failure prints it), FUZZ_SEED replays one. */
export const fuzzParams = (): fc.Parameters<unknown> => ({
  numRuns: FUZZ_RUNS,
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
});

/** Values that break naive code: wrong types, prototype keys, control and bidi characters, huge strings. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ withObjectString: true, withNullPrototype: true, maxDepth: 3 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    '',
    '\u202e\u0007evil',
    'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
    '%ZZ',
    'x'.repeat(70_000),
    -1,
    1e308,
    Number.NaN,
    null,
    [],
    {},
  ),
  fc.string({ unit: 'binary' }),
);

/** `depth` lists inside each other around `inner` (what once exhausted the stack). */
export const nested = (depth: number, inner = '0'): string => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

/** A copy of `template` with the value at one of its paths replaced by an arbitrary one. */
export function mutated(template: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const paths: string[][] = [];
  const walk = (value: unknown, path: string[]): void => {
    if (path.length > 0) paths.push(path);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
    }
  };
  walk(template, []);
  return fc.tuple(fc.constantFrom(...paths), hostileValue).map(([path, value]) => {
    const copy = structuredClone(template);
    let node = copy as Record<string, unknown>;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[path[path.length - 1]] = value;
    return copy;
  });
}
