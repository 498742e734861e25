import { TERMINAL } from '../../functions/core/render/destinations.ts';

/** Text for the terminal: one line, nothing that moves the cursor, recolours or reorders what follows. */
export const terminalText = (text: string): string => TERMINAL.text(text);

/**
 * JSON for the terminal: the same value when parsed, but every control, bidirectional or invisible
 * character written as a `\u` escape (JSON.stringify leaves C1 controls and bidi overrides raw).
 */
export function terminalJson(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(
    /[\u0080-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A column `width` wide: the text (for the terminal), cut with … when it would touch the next column, and at least one space. */
export function pad(text: string, width: number): string {
  const safe = terminalText(text);
  return safe.length >= width ? `${safe.slice(0, width - 2)}… ` : safe.padEnd(width);
}

/** Rows under a header, each cell padded to its column's width; the last column runs free. */
export function columns(
  widths: readonly number[],
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
): string {
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i < widths.length ? pad(cell, widths[i]) : terminalText(cell))).join('');
  return `${[header, ...rows].map(line).join('\n')}\n`;
}
