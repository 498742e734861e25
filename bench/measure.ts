import { performance } from 'node:perf_hooks';

/** Median milliseconds of `fn` over `runs` runs after `warmup` runs. */
export function medianMs(fn: () => unknown, runs = 30, warmup = 10): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/**
 * Medians of several functions measured interleaved (A, B, C, A, B, C …), so that machine noise
 * and GC hit them alike and their ratios stay meaningful on a shared machine.
 */
export function interleavedMedians(fns: ReadonlyArray<() => unknown>, runs = 60, warmup = 15): number[] {
  for (let i = 0; i < warmup; i++) for (const fn of fns) fn();
  const times = fns.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, k) => {
      const start = performance.now();
      fn();
      times[k].push(performance.now() - start);
    });
  }
  return times.map((xs) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]);
}

/** A figure for the table and the JSON line. */
export interface Figure {
  readonly key: string;
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  readonly target?: string;
}
