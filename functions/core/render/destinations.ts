import { asciiFold, breakMentions, cutText, defangLinks, oneLine, plainText } from './inert.ts';
import type { Markup } from './markup.ts';

/**
 * Each destination's rules for text from outside, documented in docs/security.md#what-each-destination-shows.
 * Every one starts from {@link oneLine}: no control, bidirectional or invisible character, no line
 * break (so no text from outside starts a line, where block syntax lives).
 */

/** Slack's reserved characters, as Slack says to escape them (`&`, `<`, `>`: mentions and links use them). */
const slackEscape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Angle brackets that start no mention (`<users/all>`, `<!here>`) and no link (`<url|text>`): ‹ and ›. */
const noAngles = (text: string): string => text.replace(/</g, '‹').replace(/>/g, '›');

/** A Markdown link's `](` broken by a word joiner, so `[text](url)` stays text. */
const noMarkdownLinks = (text: string): string => text.replace(/\]\(/g, ']\u2060(');

/**
 * CommonMark: any ASCII punctuation may be backslash-escaped. Escaped anywhere: what opens inline
 * markup (emphasis, code, links and images, HTML, entities, table cells, strikethrough); at a line's
 * start also what opens a block (heading, list, quote, setext underline, ordered list).
 */
const markdownEscape = (text: string, atLineStart = false): string => {
  const inline = text.replace(/[\\`*_[\]<>|&~]/g, '\\$&');
  if (!atLineStart) return inline;
  return inline.replace(/^([#+\-=>])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
};

/** A word joiner before what would open a block at a line's start (a list, a quote, a heading). */
const noBlockStart = (text: string, atLineStart = false): string =>
  atLineStart && /^([#+\-*>]|\d+[.)])/.test(text) ? `\u2060${text}` : text;

const paragraphs = (content: string, kind: string | undefined, item = '• '): string =>
  kind === 'item' || kind === 'task' ? `${item}${content}` : content;

/** A table row as text: its cells side by side. */
const plainRow = (cells: readonly string[]): string => cells.join(' · ');

/** E-mail and SMS text: nothing is markup, but mail and SMS apps link URLs and addresses. */
export const PLAIN: Markup = {
  text: (t) => defangLinks(breakMentions(oneLine(t))),
  label: (l) => l,
  link: (url) => url,
  line: (content, kind) => paragraphs(content, kind, '  - '),
  row: plainRow,
};

/** Slack mrkdwn (incoming webhooks): the documented escapes, and no URL Slack would link. */
export const SLACK: Markup = {
  text: (t) => slackEscape(defangLinks(oneLine(t))),
  label: (l) => `*${slackEscape(l)}*`,
  link: (url, title) => (title ? `<${url}|${slackEscape(title)}>` : `<${url}>`),
  line: (content, kind) => paragraphs(content, kind),
  row: plainRow,
};

/**
 * Amazon Q Developer custom notifications (`client-markdown`, shown in Slack and in Microsoft Teams):
 * nothing either client reads as a mention or a link.
 */
export const AMAZON_Q: Markup = {
  text: (t, start) => noBlockStart(noMarkdownLinks(noAngles(breakMentions(defangLinks(oneLine(t))))), start),
  label: (l) => `*${l}*`,
  link: (url) => url,
  line: (content, kind) => paragraphs(content, kind),
  row: plainRow,
};

/** Microsoft Teams Adaptive Card text (its Markdown subset: emphasis, lists, links). */
export const TEAMS: Markup = {
  text: (t, start) => noBlockStart(noMarkdownLinks(noAngles(breakMentions(defangLinks(oneLine(t))))), start),
  label: (l) => `**${l}**`,
  link: (url, title) => `[${title ?? url}](${url})`,
  line: (content, kind) => paragraphs(content, kind, '- '),
  row: plainRow,
};

/** Google Chat text messages (`<users/all>` mentions and `<url|text>` links use angle brackets). */
export const GOOGLE_CHAT: Markup = {
  text: (t, start) => noBlockStart(noAngles(breakMentions(defangLinks(oneLine(t)))), start),
  label: (l) => `*${l}*`,
  link: (url, title) => (title ? `<${url}|${title}>` : url),
  line: (content, kind) => paragraphs(content, kind),
  row: plainRow,
};

/**
 * GitHub Markdown (issues, comments, reviews): every character that makes markup escaped, mentions
 * and issue references broken, URLs defanged (GitHub links bare URLs), so no heading, task, image,
 * HTML or link can form from text.
 */
export const GITHUB: Markup = {
  text: (t, start) => markdownEscape(breakMentions(defangLinks(oneLine(t))), start),
  label: (l) => `**${l}**`,
  link: (url, title) => (title ? `[${markdownEscape(title)}](${url})` : url),
  line: (content, kind) => {
    if (kind === 'item') return `- ${content}`;
    if (kind === 'task') return `- [ ] ${content}`;
    if (kind === 'heading') return `## ${content}`;
    return kind === 'title' ? `# ${content}` : content;
  },
  // Cells' text has its pipes escaped already (markdownEscape); labels of ours have none.
  row: (cells, header) => `| ${cells.join(' | ')} |${header ? `\n|${cells.map(() => ' --- |').join('')}` : ''}`,
};

/** Jira (Atlassian Document Format): each line a paragraph of text nodes, which Jira shows as written. */
export const JIRA: Markup = {
  text: (t) => defangLinks(oneLine(t)),
  label: (l) => l,
  link: (url) => url,
  line: (content, kind) => paragraphs(content, kind, '• '),
  row: plainRow,
};

/** A terminal: text from outside cannot move the cursor, recolour or reorder what is printed. */
export const TERMINAL: Markup = {
  text: (t) => oneLine(t),
  label: (l) => l,
  link: (url) => url,
  line: (content, kind) => paragraphs(content, kind, '  - '),
  row: plainRow,
};

/** SNS subjects: ASCII text, no line break or control character, fewer than 100 characters. */
export const SNS_SUBJECT_MAX = 99;

/**
 * An e-mail subject SNS accepts: "UTF-8 text with no line breaks or control characters, and less than
 * 100 characters" (Publish), and ASCII, which is what its e-mail delivery and other receivers take.
 * A subject SNS refused would fail the publish, and with it the escalation.
 */
export function snsSubject(text: string): string {
  const ascii = plainText(asciiFold(plainText(text)));
  // It starts with a letter, a digit or punctuation (never a space, which plainText trimmed).
  return cutText(ascii, SNS_SUBJECT_MAX, '...') || 'Watchkeeper';
}
