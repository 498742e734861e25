import type { Incident } from '../incidents/types.ts';
import { leadOf, occurrences, probableCause, where } from '../incidents/describe.ts';

/** What a chat message is about: a page (or last-resort page), an update, or the resolution. */
export type ChatEvent = 'page' | 'last-resort' | 'update' | 'resolved';

/** One chat message about an incident, before it takes a chat tool's shape. */
export interface ChatMessage {
  readonly event: ChatEvent;
  readonly incidentId: string;
  /** The thread it belongs to: one per incident. */
  readonly threadId: string;
  readonly title: string;
  /** Markdown lines: what happened, severity, cluster, alerts. */
  readonly lines: readonly string[];
  /** Next steps: acknowledge, runbook, console, ticket. */
  readonly nextSteps: readonly string[];
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

/** A chat message for an incident event: a page, an update (`text` says what changed), or the resolution. Pure. */
export function chatMessage(incident: Incident, event: ChatEvent, links: ChatLinks, text?: string): ChatMessage {
  const lead = leadOf(incident);
  const cause = probableCause(incident);
  const on = incident.title.includes(incident.cluster) ? '' : ` on ${incident.cluster}`;
  const label = {
    page: incident.severity.toUpperCase(),
    'last-resort': 'UNACKNOWLEDGED',
    update: 'UPDATE',
    resolved: 'RESOLVED',
  }[event];
  const what =
    event === 'resolved'
      ? [
          `Resolved by ${incident.resolvedBy ?? 'watchkeeper'} at ${incident.resolvedAt ?? '-'}: ${incident.resolution ?? '-'}`,
          `${incident.alerts.length} alert(s), ${occurrences(incident)} occurrences between ${incident.firstSeen} and ${incident.lastSeen}`,
        ]
      : event === 'update'
        ? [
            text ?? 'updated',
            `Status: ${incident.status}, severity ${incident.severity}, ${incident.alerts.length} alert(s)`,
          ]
        : [
            `*What happened:* ${lead?.title ?? incident.title}: ${incident.summary}`,
            `*Severity:* ${incident.severity} (${incident.category}, ${incident.component})`,
            `*Cluster:* ${incident.cluster}   *Where:* ${where(incident)}`,
            ...(cause ? [`*Probable cause:* ${cause}`] : []),
            `*Alerts:* ${incident.alerts.length}, ${occurrences(incident)} occurrences since ${incident.firstSeen}`,
            ...incident.alerts
              .slice(0, 5)
              .map((a) => `• ${a.title}${a.subject ? ` (${a.subject})` : ''}: ${a.severity}, ${a.count}×`),
            ...(incident.alerts.length > 5 ? [`• … and ${incident.alerts.length - 5} more`] : []),
            `*Owner team:* ${incident.team}`,
          ];
  const nextSteps = [
    ...(links.ackUrl && event !== 'resolved' ? [`Acknowledge: ${links.ackUrl}`] : []),
    `Runbook: ${incident.runbook}`,
    `Incident: ${links.incidentUrl}`,
    ...(incident.ticket?.url ? [`Ticket: ${incident.ticket.url}`] : []),
  ];
  return {
    event,
    incidentId: incident.id,
    threadId: incident.id,
    title: `${ICON[event]} [${label}] ${incident.title}${on}`,
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
      title: clip(message.title, 250),
      description: clip(message.lines.join('\n'), 8000),
      nextSteps: message.nextSteps.map((s) => clip(s, 500)),
      keywords: message.keywords.map((k) => clip(k, 75)),
    },
    metadata: {
      threadId: message.threadId,
      summary: clip(message.title, 250),
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
  const text = `${message.title}\n${message.lines.join('\n')}`;
  return {
    text: clip(text, 3000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(message.title, 150), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: clip(message.lines.join('\n'), 3000) } },
      {
        type: 'context',
        elements: message.nextSteps.slice(0, 10).map((s) => ({ type: 'mrkdwn', text: clip(s, 300) })),
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
            { type: 'TextBlock', size: 'Medium', weight: 'Bolder', wrap: true, text: message.title },
            ...message.lines.map((line) => ({ type: 'TextBlock', wrap: true, text: line })),
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
    text: clip([`*${message.title}*`, ...message.lines, ...message.nextSteps].join('\n'), 4000),
    thread: { threadKey: message.threadId },
  };
}
