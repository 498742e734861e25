/**
 * Readers for input that claims a shape: each returns the value when it has the expected type and
 * `undefined` otherwise, so a normalizer that reads through them never trips over a number where a
 * string belongs, an object where a list belongs, or a time that is no time.
 */

/** A plain object. */
export type Obj = Record<string, unknown>;

export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

export const obj = (value: unknown): Obj | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : undefined;

/** A list of the strings in a list (other items dropped). */
export const strs = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;

/** Milliseconds of a time given as text, if it is one JavaScript can represent. */
export function timeOf(value: unknown): number | undefined {
  const text = str(value);
  if (text === undefined) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) || Math.abs(at) > 8.64e15 ? undefined : at;
}

/** ISO text of the first valid of the given instants (the last is the receive-time fallback). */
export function isoOf(...candidates: ReadonlyArray<number | undefined>): string {
  for (const at of candidates)
    if (at !== undefined && Number.isFinite(at) && Math.abs(at) <= 8.64e15) return new Date(at).toISOString();
  return new Date(0).toISOString();
}

/** Text of a scalar (numbers and booleans as written); anything else is empty. Unlike `String(x)`, never throws. */
export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return '';
}

/** Percent-decoded text, or the text as it is when its encoding is malformed (`%ZZ`). */
export function decodeUri(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** An id given as text or number; anything else takes the fallback. */
export function idOf(value: unknown, fallback: string): string {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return fallback;
}
