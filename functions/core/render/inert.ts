/**
 * Characters that change how text is shown or run, never what it says: C0 and C1 controls (the
 * terminal's escape sequences among them), DEL, bidirectional overrides and isolates, zero-width and
 * other invisible formatting characters, Unicode tags.
 */
const INVISIBLE = new RegExp(
  '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u180e\\u200b-\\u200f' +
    '\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff\\u{e0000}-\\u{e007f}]',
  'gu',
);

/** Text without control, bidirectional or invisible characters; tabs and line breaks kept (people's notes). */
export const cleanText = (text: string): string => text.replace(INVISIBLE, '');

/** Text as one line: invisible characters gone, any run of whitespace (line breaks too) one space. */
export const oneLine = (text: string): string => text.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/g, ' ');

/** Text from outside as one trimmed line ({@link oneLine}), at most `max` characters. */
export function plainText(text: string, max?: number): string {
  const line = oneLine(text).trim();
  return max !== undefined ? cutText(line, max) : line;
}

/** At most `max` characters, an ellipsis where it was cut. */
export function cutText(text: string, max: number, ellipsis = '…'): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - ellipsis.length))}${ellipsis}`;
}

/**
 * Links nobody can follow: `https://x` reads `https[:]//x` and `www.x` reads `www[.]x` (the usual
 * defanging), so no client that links URLs in text (mail, SMS, chat, trackers) makes one of them.
 */
export function defangLinks(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]{0,30}):\/\//gi, '$1[:]//').replace(/\bwww\./gi, 'www[.]');
}

/**
 * Mentions and references nobody is notified by: a word joiner after `@` (users, teams, e-mail
 * addresses) and after `#` before a digit (issue references); it shows as nothing.
 */
export function breakMentions(text: string): string {
  return text.replace(/@(?=[\p{L}\p{N}_!-])/gu, '@\u2060').replace(/#(?=\d)/g, '#\u2060');
}

/** ASCII only: accents dropped (é → e), anything else without an ASCII form a `?`. */
export function asciiFold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—]/g, '-')
    .replace(/…/g, '...')
    .replace(/[^\x20-\x7E]/g, '?');
}
