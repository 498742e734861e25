import type { Incident } from '../incidents/types.ts';
import { leadOf, occurrences, probableCause, where } from '../incidents/describe.ts';
import { AMAZON_Q, GOOGLE_CHAT, SLACK, TEAMS } from '../render/destinations.ts';
import type { Line, Part } from '../render/markup.ts';
import { item, label, line, link, renderLines } from '../render/markup.ts';

/** What a chat message is about: a page (or last-resort page), an update, or the resolution. */
export type ChatEvent = 'page' | 'last-resort' | 'update' | 'resolved';

/**
 * One chat message about an incident, before it takes a chat tool's shape: lines of parts, so each
 * tool writes our labels and links in its markup and the alerts' text inert (core/render).
 */
export interface ChatMessage {
  readonly event: ChatEvent;
  readonly incidentId: string;
  /** The thread it belongs to: one per incident. */
  readonly threadId: string;
  readonly title: Line;
  /** What happened, severity, cluster, alerts. */
  readonly lines: readonly Line[];
  /** Next steps: acknowledge, runbook, console, ticket. */
  readonly nextSteps: readonly Line[];
  readonly keywords: readonly string[];
  readonly links: { readonly incident: string; readonly runbook: string; readonly ticket?: string };
  /** Whether acknowledge / resolve buttons make sense (the incident is not resolved). */
  readonly actionable: boolean;
}

/** Links a chat message carries. */
export interface ChatLinks {
  readonly incidentUrl: string;
  /** The signed acknowledgement link of a page, when there is one. */
  readonly ackUrl?: string;
}

const ICON: Record<ChatEvent, string> = {
  page: ':rotating_light:',
  'last-resort': ':sos:',
  update: ':information_source:',
  resolved: ':white_check_mark:',
};

/** A runbook is a path in the repository, or a link. */
const runbookPart = (runbook: string): Part => (/^https:\/\//.test(runbook) ? link(runbook) : runbook);

/** A chat message for an incident event: a page, an update (`text` says what changed), or the resolution. Pure. */
export function chatMessage(incident: Incident, event: ChatEvent, links: ChatLinks, text?: string): ChatMessage {
  const lead = leadOf(incident);
  const cause = probableCause(incident);
  const on: Part[] = incident.title.includes(incident.cluster) ? [] : [' on ', incident.cluster];
  const tag = {
    page: incident.severity.toUpperCase(),
    'last-resort': 'UNACKNOWLEDGED',
    update: 'UPDATE',
    resolved: 'RESOLVED',
  }[event];
  const what: Line[] =
    event === 'resolved'
      ? [
          line(
            label('Resolved'),
            ' by ',
            incident.resolvedBy ?? 'watchkeeper',
            ` at ${incident.resolvedAt ?? '-'}: `,
            incident.resolution ?? '-',
          ),
          line(
            `${incident.alerts.length} alert(s), ${occurrences(incident)} occurrences between ${incident.firstSeen} and ${incident.lastSeen}`,
          ),
        ]
      : event === 'update'
        ? [
            line(text ?? 'updated'),
            line(`Status: ${incident.status}, severity ${incident.severity}, ${incident.alerts.length} alert(s)`),
          ]
        : [
            line(label('What happened:'), ' ', lead?.title ?? incident.title, ': ', incident.summary),
            line(label('Severity:'), ` ${incident.severity} (${incident.category}, ${incident.component})`),
            line(label('Cluster:'), ' ', incident.cluster, '   ', label('Where:'), ' ', where(incident)),
            ...(cause ? [line(label('Probable cause:'), ' ', cause)] : []),
            line(
              label('Alerts:'),
              ` ${incident.alerts.length}, ${occurrences(incident)} occurrences since ${incident.firstSeen}`,
            ),
            ...incident.alerts
              .slice(0, 5)
              .map((a) => item(a.title, ...(a.subject ? [' (', a.subject, ')'] : []), `: ${a.severity}, ${a.count}×`)),
            ...(incident.alerts.length > 5 ? [item(`… and ${incident.alerts.length - 5} more`)] : []),
            line(label('Owner team:'), ' ', incident.team),
          ];
  const nextSteps = [
    ...(links.ackUrl && event !== 'resolved' ? [line(label('Acknowledge:'), ' ', link(links.ackUrl))] : []),
    line(label('Runbook:'), ' ', runbookPart(incident.runbook)),
    line(label('Incident:'), ' ', link(links.incidentUrl)),
    ...(incident.ticket?.url ? [line(label('Ticket:'), ' ', link(incident.ticket.url))] : []),
  ];
  return {
    event,
    incidentId: incident.id,
    threadId: incident.id,
    title: line(`${ICON[event]} [${tag}] `, incident.title, ...on),
    lines: what,
    nextSteps,
    keywords: [incident.severity, incident.cluster, incident.component, incident.team],
    links: { incident: links.incidentUrl, runbook: incident.runbook, ticket: incident.ticket?.url },
    actionable: incident.status !== 'resolved',
  };
}

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * An Amazon Q Developer in chat applications custom notification (version 1.0): rendered in Slack
 * and Microsoft Teams alike, threaded by incident, with the incident's id for the custom actions.
 */
export function customNotification(message: ChatMessage, eventId: string): Record<string, unknown> {
  return {
    version: '1.0',
    source: 'custom',
    id: eventId,
    content: {
      textType: 'client-markdown',
      title: clip(renderLines([message.title], AMAZON_Q), 250),
      description: clip(renderLines(message.lines, AMAZON_Q), 8000),
      nextSteps: message.nextSteps.map((s) => clip(renderLines([s], AMAZON_Q), 500)),
      keywords: message.keywords.map((k) => clip(AMAZON_Q.text(k), 75)),
    },
    metadata: {
      threadId: message.threadId,
      summary: clip(renderLines([message.title], AMAZON_Q), 250),
      eventType: message.event,
      relatedResources: [message.links.incident],
      additionalContext: {
        incidentId: message.incidentId,
        event: message.event,
        actionable: String(message.actionable),
      },
      enableCustomActions: message.actionable,
    },
  };
}

/** A Slack incoming-webhook body (no threads: Slack's incoming webhooks cannot reply in one). */
export function slackWebhookBody(message: ChatMessage): Record<string, unknown> {
  const title = renderLines([message.title], SLACK);
  const lines = renderLines(message.lines, SLACK);
  return {
    text: clip(`${title}\n${lines}`, 3000),
    blocks: [
      // A header is plain text: Slack formats nothing in it, but still reads its reserved characters.
      { type: 'header', text: { type: 'plain_text', text: clip(title, 150), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: clip(lines, 3000) } },
      {
        type: 'context',
        elements: message.nextSteps
          .slice(0, 10)
          .map((s) => ({ type: 'mrkdwn', text: clip(renderLines([s], SLACK), 300) })),
      },
    ],
  };
}

/** A Microsoft Teams workflow ("when a webhook request is received") body: an Adaptive Card. */
export function teamsWebhookBody(message: ChatMessage): Record<string, unknown> {
  const open = [
    ['Incident', message.links.incident],
    ['Runbook', message.links.runbook],
    ...(message.links.ticket ? [['Ticket', message.links.ticket]] : []),
  ].filter(([, url]) => /^https?:\/\//.test(url ?? ''));
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              size: 'Medium',
              weight: 'Bolder',
              wrap: true,
              text: renderLines([message.title], TEAMS),
            },
            ...message.lines.map((l) => ({ type: 'TextBlock', wrap: true, text: renderLines([l], TEAMS) })),
          ],
          actions: open.map(([title, url]) => ({ type: 'Action.OpenUrl', title, url })),
        },
      },
    ],
  };
}

/** A Google Chat incoming-webhook body, threaded by incident (`threadKey`). */
export function googleChatWebhookBody(message: ChatMessage): Record<string, unknown> {
  return {
    text: clip(
      renderLines(
        [{ parts: [{ label: renderLines([message.title], GOOGLE_CHAT) }] }, ...message.lines, ...message.nextSteps],
        GOOGLE_CHAT,
      ),
      4000,
    ),
    thread: { threadKey: message.threadId },
  };
}
