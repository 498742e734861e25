/** A column `width` wide: the text, cut with … when it would touch the next column, and at least one space. */
export function pad(text: string, width: number): string {
  return text.length >= width ? `${text.slice(0, width - 2)}… ` : text.padEnd(width);
}

/** Rows under a header, each cell padded to its column's width; the last column runs free. */
export function columns(
  widths: readonly number[],
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
): string {
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i < widths.length ? pad(cell, widths[i]) : cell)).join('');
  return `${[header, ...rows].map(line).join('\n')}\n`;
}
