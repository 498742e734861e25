import { UsageError } from './usage-error.ts';

const DURATION = /^(\d{1,6})([mhd])$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Milliseconds of a duration written `90m`, `2h` or `3d`. */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text);
  if (!match) throw new UsageError(`--duration takes a number and m, h or d (e.g. 2h), not "${text}"`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
