/**
 * Control characters (C0 but tab and newline, DEL, C1) and the Unicode bidirectional controls
 * (LRM, RLM, ALM, embeddings, overrides, isolates): in a name, note or log line they can hide or
 * reorder text in a terminal, an e-mail or a page ("Trojan Source").
 */
const UNSAFE = '[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]';
/** Without `g`: `test` on a global expression keeps state between calls. */
const ANY_UNSAFE = new RegExp(UNSAFE);
const ALL_UNSAFE = new RegExp(UNSAFE, 'g');

/** Text without control or bidirectional-control characters. */
export function cleanText(text: string): string {
  return ANY_UNSAFE.test(text) ? text.replace(ALL_UNSAFE, '') : text;
}
