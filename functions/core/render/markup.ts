/**
 * A piece of a message: text from outside (alerts, events, people: a plain string, made inert by
 * each destination), a label of ours (emphasised), or a link of ours.
 */
export type Part = string | { readonly label: string } | { readonly link: string; readonly title?: string };

/** One line of a message: its parts, and what kind of line it is. */
export interface Line {
  readonly parts: readonly Part[];
  /**
   * `title`: the document's; `heading`: a section's; `item`: one of a list; `task`: an item to tick
   * off; `row`: a table's row, its cells in `cells` (the first row of a table is its header).
   * @default a paragraph
   */
  readonly kind?: 'title' | 'heading' | 'item' | 'task' | 'row';
  readonly cells?: readonly (readonly Part[])[];
}

/** How a destination writes text from outside, our labels and our links (functions/core/render/destinations.ts). */
export interface Markup {
  /**
   * Text from outside, one line, inert: no mention, no link, no markup of the destination's can form
   * (`atLineStart`: it starts a line, where block syntax lives: headings, lists, quotes).
   */
  text(untrusted: string, atLineStart?: boolean): string;
  label(ours: string): string;
  link(url: string, title?: string): string;
  /** A whole line of the given kind. */
  line(content: string, kind: Line['kind']): string;
  /** A table's row of rendered cells; `header` for its first. */
  row(cells: readonly string[], header: boolean): string;
}

/** A line of parts. */
export const line = (...parts: Part[]): Line => ({ parts });
/** A list item of parts. */
export const item = (...parts: Part[]): Line => ({ parts, kind: 'item' });
/** A label of ours. */
export const label = (text: string): Part => ({ label: text });
/** A link of ours. */
export const link = (url: string, title?: string): Part => ({ link: url, ...(title ? { title } : {}) });

/** One part in a destination's markup. */
export function renderPart(part: Part, markup: Markup, atLineStart = false): string {
  if (typeof part === 'string') return markup.text(part, atLineStart);
  if ('label' in part) return markup.label(part.label);
  return markup.link(part.link, part.title);
}

/** A table row of cells. */
export const row = (...cells: readonly Part[][]): Line => ({ parts: [], kind: 'row', cells });

/** Lines in a destination's markup, one per line. */
export function renderLines(lines: readonly Line[], markup: Markup): string {
  return lines
    .map((l, i) =>
      l.kind === 'row'
        ? markup.row(
            (l.cells ?? []).map((cell) => cell.map((p) => renderPart(p, markup)).join('')),
            lines[i - 1]?.kind !== 'row',
          )
        : // A paragraph's and a list item's content can open a block; a heading's is inline only.
          markup.line(
            l.parts
              .map((p, j) => renderPart(p, markup, j === 0 && l.kind !== 'heading' && l.kind !== 'title'))
              .join(''),
            l.kind,
          ),
    )
    .join('\n');
}
