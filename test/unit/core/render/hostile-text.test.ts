import { describe, expect, it } from '@jest/globals';
import { marked, type Token } from 'marked';
import { issueBody } from '../../../../functions/adapters/github-tracker.ts';
import { adf } from '../../../../functions/adapters/jira-tracker.ts';
import {
  chatMessage,
  customNotification,
  googleChatWebhookBody,
  slackWebhookBody,
  teamsWebhookBody,
} from '../../../../functions/core/collaboration/chat-message.ts';
import { ticketContent } from '../../../../functions/core/collaboration/ticket.ts';
import {
  pageNotification,
  resolvedNotification,
  statusNotification,
} from '../../../../functions/core/escalation/messages.ts';
import type { Incident } from '../../../../functions/core/incidents/types.ts';
import { reviewMarkdown } from '../../../../functions/core/review/review.ts';
import { statusPageDocument, statusPageHtml } from '../../../../functions/core/status/status-page.ts';
import { notesOfEvent } from '../../../../functions/status-page/handler.ts';
import { formatIncidentTable } from '../../../../local/cli/incident-table.ts';
import { terminalJson } from '../../../../local/cli/columns.ts';
import { alert } from '../../../helpers/alert.ts';
import { incidentOf } from '../../../helpers/incident.ts';

/**
 * Text an outsider writes (an alert's summary, a label, a resource's name, an event's message), each a
 * class of attack on one or more destinations. Every destination must show it as text: no mention
 * notifies, no link or image the attacker chose forms, no block the attacker writes starts, nothing
 * reorders, recolours or hides text, no subject SNS would refuse.
 */
const HOSTILE: Record<string, string> = {
  'Slack broadcast mentions': '<!channel> <!here> <!everyone> wake up',
  'Slack user, channel and group mentions': '<@U024BE7LH> <#C024BE7LR> <!subteam^SAZ94GDB8>',
  'Slack masked link': '<https://evil.example/login|Acknowledge here>',
  'Google Chat mention': '<users/all> look',
  'Teams mention': '<at>Everyone</at> look',
  'Markdown link and image': '[Acknowledge](https://evil.example/phish) ![t](https://evil.example/pixel.png)',
  'GitHub mentions and references': '@octocat @acme/security-team see #123',
  'bare URLs and addresses': 'https://evil.example/x www.evil.example mallory@evil.example',
  autolink: '<https://evil.example/auto>',
  'block injection': 'ok\n## Resolution\n- [x] closed by attacker\n> quoted\n1. first',
  'block syntax at the start': '# heading? - item? > quote?',
  HTML: '<script>alert(1)</script><img src=x onerror=alert(1)>',
  'line breaks in a subject': 'first line\r\nBcc: everyone@example.com\nthird',
  'terminal control': '\u001b[2J\u001b[31mred\u009b32mgreen\u0007bell',
  'bidirectional override': 'invoice\u202Egnp.exe and \u2066isolated\u2069',
  'invisible characters': 'ad\u200bmin\u2060 \ufeffzero',
  'table cell': 'a | b | c',
  'a long title': `${'very long alert title '.repeat(20)}end`,
};

/** An incident whose every text from outside is `hostile`: the alerts' titles and summaries, names, the resolution. */
function hostileIncident(hostile: string): Incident {
  const lead = alert({
    title: hostile,
    summary: hostile,
    cluster: 'prod-eu-1',
    resource: { kind: 'Pod', namespace: 'payments', name: hostile },
  });
  const other = alert({ id: 'other.1', fingerprint: 'other', title: `second ${hostile}`, severity: 'high' });
  return incidentOf(
    [lead, other],
    { title: `{lead} on {cluster}` },
    {
      resolution: hostile,
      resolvedBy: hostile,
      resolvedAt: '2026-11-24T03:00:00.000Z',
      acknowledgedBy: hostile,
    },
  );
}

/** What no destination may carry from the corpus. */
const ATTACKER_URL = /https?:\/\/evil|www\.evil|mailto:/i;
/** Controls, bidirectional and invisible characters (a word joiner we add after @ and # aside). */
const UNSAFE = '[\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f\\u200b-\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff]';
const UNSAFE_CHARS = new RegExp(UNSAFE);

const links = { incidentUrl: 'https://console.example.com/#/incidents/x', ackUrl: 'https://api.example.com/ack/t' };
const ours = (url: string) =>
  url.startsWith('https://console.example.com') || url.startsWith('https://api.example.com');

/** Every `<…>` Slack (and Google Chat) would parse: mentions, channel links, links. */
const angleSpans = (text: string) => [...text.matchAll(/<([^<>\s][^<>]*)>/g)].map((m) => m[1] as string);

/** The links, images and HTML a Markdown (GFM) renderer makes of a text, walked over every token. */
function markdownMarkup(markdown: string): { links: string[]; html: string[]; headings: string[]; tasks: string[] } {
  const found = { links: [] as string[], html: [] as string[], headings: [] as string[], tasks: [] as string[] };
  const walk = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === 'link' || token.type === 'image') found.links.push((token as { href: string }).href);
      if (token.type === 'html') found.html.push(token.raw);
      if (token.type === 'heading') found.headings.push((token as { text: string }).text);
      if (token.type === 'list_item' && (token as { task?: boolean }).task) found.tasks.push(token.raw.trim());
      const children = token as { tokens?: Token[]; items?: Token[] };
      walk([...(children.tokens ?? []), ...(children.items ?? [])]);
    }
  };
  walk(marked.lexer(markdown, { gfm: true }));
  return found;
}

/** A mention GitHub would notify: `@` then a name, not after a word character or a backslash. */
const githubMention = /(^|[^\w\\`])@[A-Za-z0-9]/m;

describe.each(Object.entries(HOSTILE))('hostile text (%s) through every destination', (_name, hostile) => {
  const incident = hostileIncident(hostile);
  const resolved = { ...incident, status: 'resolved' as const };
  const page = pageNotification(incident, {
    tier: 1,
    round: 0,
    audience: 'member',
    team: 'operations',
    kind: 'page',
    ackUrl: links.ackUrl,
    incidentUrl: links.incidentUrl,
  });

  it('SNS subject: one ASCII line without controls, fewer than 100 characters', () => {
    for (const subject of [page.subject, resolvedNotification(resolved, 'operations').subject]) {
      expect(subject).toMatch(/^[\x21-\x7e][\x20-\x7e]*$/);
      expect(subject.length).toBeLessThan(100);
    }
  });

  it('SMS and e-mail: no control character, no link or address of the attacker, no line the attacker starts', () => {
    for (const body of [page.bodies.sms, page.bodies.email, resolvedNotification(resolved, 'ops').bodies.email]) {
      expect(body).not.toMatch(UNSAFE_CHARS);
      expect(body).not.toMatch(ATTACKER_URL);
      expect(body).not.toMatch(/^(## |- \[x\]|> |Bcc:)/m);
      expect(body).not.toMatch(/mallory@evil/);
    }
    expect(page.bodies.sms).not.toContain('\n');
  });

  it('Slack (webhook): the only <…> are our links; no URL of the attacker', () => {
    const body = JSON.stringify(slackWebhookBody(chatMessage(incident, 'page', links)));
    const text = (JSON.parse(body) as { text: string }).text;
    expect(angleSpans(text).filter((s) => !ours(s))).toEqual([]);
    const blocks = JSON.parse(body).blocks as Array<{ text?: { text: string }; elements?: Array<{ text: string }> }>;
    const all = blocks.flatMap((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => e.text)]);
    for (const part of all) {
      expect(angleSpans(part).filter((s) => !ours(s))).toEqual([]);
      expect(part).not.toMatch(ATTACKER_URL);
      expect(part).not.toMatch(UNSAFE_CHARS);
    }
  });

  it('Amazon Q (Slack and Teams): no angle-bracket syntax, no Markdown link, no mention, no URL of the attacker', () => {
    for (const event of ['page', 'resolved'] as const) {
      const n = customNotification(chatMessage(event === 'page' ? incident : resolved, event, links), 'e-1') as {
        content: { title: string; description: string; nextSteps: string[] };
      };
      const text = [n.content.title, n.content.description].join('\n');
      expect(text).not.toMatch(/[<>]/);
      expect(text).not.toMatch(/\]\(/);
      expect(text).not.toMatch(/(^|[^\w])@[A-Za-z0-9]/m);
      expect(text).not.toMatch(ATTACKER_URL);
      expect(text).not.toMatch(UNSAFE_CHARS);
    }
  });

  it('Microsoft Teams (Adaptive Card): no Markdown link but ours, no <at>, no URL of the attacker', () => {
    const card = teamsWebhookBody(chatMessage(incident, 'page', links)) as {
      attachments: Array<{ content: { body: Array<{ text: string }>; actions: Array<{ url: string }> } }>;
    };
    const { body, actions } = card.attachments[0]?.content ?? { body: [], actions: [] };
    for (const block of body) {
      expect(markdownMarkup(block.text).links.filter((l) => !ours(l))).toEqual([]);
      expect(block.text).not.toMatch(/<at>|\]\(/);
      expect(block.text).not.toMatch(ATTACKER_URL);
    }
    expect(actions.map((a) => a.url).filter((u) => !ours(u))).toEqual([]);
  });

  it('Google Chat: the only <…> are our links; no mention, no URL of the attacker', () => {
    const { text } = googleChatWebhookBody(chatMessage(incident, 'page', links)) as { text: string };
    expect(
      angleSpans(text)
        .map((s) => s.split('|')[0] ?? '')
        .filter((s) => !ours(s)),
    ).toEqual([]);
    expect(text).not.toMatch(/(^|[^\w])@[A-Za-z0-9]/m);
    expect(text).not.toMatch(ATTACKER_URL);
  });

  it('GitHub (issue and review): no link, image, HTML, heading, task or mention of the attacker, by a GFM parser', () => {
    const body = issueBody(ticketContent(incident, links, []).lines, 'watchkeeper-incident:x:mac');
    const review = reviewMarkdown({ incident: resolved, timeline: [], changes: [], usual: { days: 90 } });
    // The issue has no heading; the review has its title and exactly its own sections.
    expect(markdownMarkup(body).headings).toEqual([]);
    expect(markdownMarkup(review).headings.slice(1)).toEqual([
      'Summary',
      'Impact',
      'Response times',
      'Timeline',
      'Resolution',
      'Action items',
    ]);
    for (const markdown of [body, review]) {
      const markup = markdownMarkup(markdown);
      expect(markup.links.filter((l) => !ours(l))).toEqual([]);
      // Ours: the hidden marker of the issue; the review has none.
      expect(markup.html.filter((h) => !h.startsWith('<!-- watchkeeper-'))).toEqual([]);
      expect(markup.tasks.filter((t) => t.includes('[x]'))).toEqual([]);
      expect(markdown).not.toMatch(githubMention);
      expect(markdown).not.toMatch(ATTACKER_URL);
      expect(markdown).not.toMatch(UNSAFE_CHARS);
    }
  });

  it('Jira (ADF): text nodes only, no URL of the attacker', () => {
    const doc = adf(ticketContent(incident, links, []).lines) as {
      content: Array<{ type: string; content: Array<{ type: string; text: string }> }>;
    };
    for (const paragraph of doc.content) {
      expect(paragraph.type).toBe('paragraph');
      for (const node of paragraph.content) {
        expect(node.type).toBe('text');
        expect(node.text).not.toMatch(ATTACKER_URL);
        expect(node.text).not.toMatch(UNSAFE_CHARS);
      }
    }
  });

  it('the public status page: component names and states only, nothing of the alert', () => {
    const message = statusNotification(incident, 'degraded', 'business');
    const notes = notesOfEvent({ Records: [{ Sns: { Message: message.bodies.lambda } }] } as never);
    const html = statusPageHtml(
      statusPageDocument({
        config: { title: 'Status', clusters: ['prod-eu-1'], noteDays: 7 },
        statuses: [{ cluster: 'prod-eu-1', status: 'degraded', components: [] }],
        earlierNotes: [],
        newNotes: notes,
        now: Date.parse('2026-11-24T03:00:00Z'),
      }),
    );
    expect(notes.map((n) => n.text)).toEqual([
      `${incident.component} on prod-eu-1 is degraded. The responsible teams are on it.`,
    ]);
    expect(`${message.bodies.email}${html}`).not.toContain(hostile.slice(0, 12));
  });

  it('the terminal: tables and JSON lines without controls, bidirectional or invisible characters', () => {
    for (const text of [formatIncidentTable([incident]), terminalJson(incident)])
      expect(text).not.toMatch(UNSAFE_CHARS);
    // JSON stays the same value.
    expect(JSON.parse(terminalJson(incident))).toEqual(JSON.parse(JSON.stringify(incident)));
  });
});
