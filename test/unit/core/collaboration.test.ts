import { issueBody } from '../../../functions/adapters/github-tracker.ts';
import { JIRA } from '../../../functions/core/render/destinations.ts';
import { line, renderLines } from '../../../functions/core/render/markup.ts';
import { describe, expect, it } from '@jest/globals';
import * as z from 'zod';
import {
  chatMessage,
  customNotification,
  teamsWebhookBody,
} from '../../../functions/core/collaboration/chat-message.ts';
import {
  nextTicketStep,
  REVIEW_LINES_MAX,
  ticketMarker,
  reviewTicketContent,
  toldAtCreation,
} from '../../../functions/core/collaboration/ticket.ts';
import { DEFAULT_ESCALATION } from '../../../functions/core/escalation/config.ts';
import { planEscalation } from '../../../functions/core/escalation/plan.ts';
import { incident, incidentOf } from '../../helpers/incident.ts';
import { alert } from '../../helpers/alert.ts';

/** The documented fields of an Amazon Q Developer custom notification (event schema, version 1.0). */
const CustomNotification = z
  .object({
    version: z.literal('1.0'),
    source: z.literal('custom'),
    id: z.string().optional(),
    content: z
      .object({
        textType: z.literal('client-markdown'),
        title: z.string().min(1),
        description: z.string().min(1),
        nextSteps: z.array(z.string()).optional(),
        keywords: z.array(z.string()).optional(),
      })
      .strict(),
    metadata: z
      .object({
        threadId: z.string(),
        summary: z.string(),
        eventType: z.string(),
        relatedResources: z.array(z.string()),
        additionalContext: z.record(z.string(), z.string()),
        enableCustomActions: z.boolean(),
      })
      .strict(),
  })
  .strict();

const links = { incidentUrl: 'https://console.example.com/#/incidents/x', ackUrl: 'https://api.example.com/ack/t' };

describe('chat messages', () => {
  it.each(['page', 'update', 'resolved'] as const)(
    'a %s is a valid custom notification, threaded by incident',
    (event) => {
      const i = incident({ severity: 'high' });
      const resolved =
        event === 'resolved' ? { ...i, status: 'resolved' as const, resolution: 'restarted', resolvedBy: 'alice' } : i;
      const n = CustomNotification.parse(
        customNotification(chatMessage(resolved, event, links, 'an alert joined'), 'e-1'),
      );
      expect(n.metadata.threadId).toBe(i.id);
      expect(n.metadata.additionalContext.incidentId).toBe(i.id);
      // Buttons only while there is something to acknowledge or resolve.
      expect(n.metadata.enableCustomActions).toBe(event !== 'resolved');
      if (event === 'page') expect(n.content.nextSteps).toContain('*Acknowledge:* https://api.example.com/ack/t');
      if (event === 'resolved') expect(n.content.description).toContain('restarted');
      if (event === 'update') expect(n.content.description).toContain('an alert joined');
    },
  );

  it('a Teams workflow gets an Adaptive Card with links to open', () => {
    const card = teamsWebhookBody(chatMessage(incident(), 'page', links)) as {
      attachments: Array<{ contentType: string; content: { type: string; actions: Array<{ url: string }> } }>;
    };
    expect(card.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.attachments[0]?.content.type).toBe('AdaptiveCard');
    expect(card.attachments[0]?.content.actions[0]?.url).toBe(links.incidentUrl);
  });
});

describe('what a ticket is told', () => {
  it('comments once on alerts that joined, a higher severity and the acknowledgement; closes with the resolution', () => {
    const first = alert({ id: 'a.1', severity: 'medium' });
    const i = incidentOf([first]);
    const told = toldAtCreation(i);
    expect(nextTicketStep(i, told)).toEqual({ kind: 'none' });
    const grown = incidentOf([first, alert({ id: 'b.1', fingerprint: 'b', severity: 'critical', title: 'etcd down' })]);
    const step = nextTicketStep({ ...grown, status: 'acknowledged', acknowledgedBy: 'bob' }, told);
    expect(step.kind).toBe('comment');
    if (step.kind !== 'comment') return;
    const text = renderLines(step.lines, JIRA);
    expect(text).toContain('Alert joined: etcd down');
    expect(text).toContain('Severity raised from medium to critical');
    expect(text).toContain('Acknowledged by bob');
    expect(nextTicketStep({ ...grown, status: 'acknowledged', acknowledgedBy: 'bob' }, step.told)).toEqual({
      kind: 'none',
    });
    const closed = nextTicketStep({ ...grown, status: 'resolved', resolution: 'compacted etcd' }, step.told);
    expect(closed.kind).toBe('close');
    expect(closed.kind === 'close' && renderLines(closed.lines, JIRA)).toContain('compacted etcd');
  });
});

describe('a review as a ticket', () => {
  const links = { incidentUrl: 'https://console.example.com/#/incidents/x.1' };
  const review = [line({ label: 'Post-incident review' }), line('Summary: ', 'etcd compacted')];
  it('carries the review and the incident link', () => {
    const i = incident();
    const content = reviewTicketContent(i, review, links, ['incident']);
    expect(content.title).toBe(`Post-incident review: ${i.title}`);
    const body = issueBody(content.lines, ticketMarker({ incidentId: i.id, kind: 'review' }, 'key'));
    expect(body).toContain('Summary: etcd compacted');
    expect(body).toContain('Incident: https://console.example.com/#/incidents/x.1');
    expect(body).toMatch(new RegExp(`<!-- watchkeeper-review:${i.id.replace('.', '\\.')}:[\\w-]{22} -->$`));
  });

  it('cuts a review longer than every tracker keeps, saying where the whole one is', () => {
    const i = incident();
    const long = Array.from({ length: REVIEW_LINES_MAX * 2 }, (_, n) => line(`line ${n}`));
    const content = reviewTicketContent(i, long, links, []);
    expect(content.lines.length).toBeLessThan(REVIEW_LINES_MAX + 5);
    expect(renderLines(content.lines, JIRA)).toContain("the whole review is on the incident's page");
  });
});

describe('ticket markers', () => {
  it('are signed: another key, incident or kind gives another marker, so alert text cannot forge one', () => {
    const marker = ticketMarker({ incidentId: 'Z2Asinj0nQh0sLu4PMb_p7.1', kind: 'incident' }, 'key');
    expect(marker).toMatch(/^watchkeeper-incident:Z2Asinj0nQh0sLu4PMb_p7\.1:[\w-]{22}$/);
    expect(ticketMarker({ incidentId: 'Z2Asinj0nQh0sLu4PMb_p7.1', kind: 'incident' }, 'other')).not.toBe(marker);
    expect(ticketMarker({ incidentId: 'Z2Asinj0nQh0sLu4PMb_p7.2', kind: 'incident' }, 'key')).not.toBe(marker);
    expect(ticketMarker({ incidentId: 'Z2Asinj0nQh0sLu4PMb_p7.1', kind: 'review' }, 'key')).not.toBe(marker);
  });
});

describe('a ticket instead of a page', () => {
  const config = {
    ...DEFAULT_ESCALATION,
    tickets: { development: { businessHours: 'ticket-and-page', afterHours: 'ticket-instead-of-page' } },
  } as typeof DEFAULT_ESCALATION;
  const key = { pk: 'p', sk: 's' };
  const night = Date.parse('2026-12-02T23:00:00Z');
  const day = Date.parse('2026-12-02T10:00:00Z');

  it('outside business hours the owner team gets a ticket and no page; the first line is still paged', () => {
    const plan = planEscalation(incident({ team: 'development', severity: 'high' }), key, config, night);
    expect(plan.ticket).toBe(true);
    expect(new Set(plan.steps.map((s) => s.team))).toEqual(new Set(['operations']));
    expect(plan.notes).toContain('development gets a ticket instead of a page outside business hours');
  });

  it('in business hours, and for critical incidents at any hour, both', () => {
    for (const [severity, at] of [
      ['high', day],
      ['critical', night],
    ] as const) {
      const plan = planEscalation(incident({ team: 'development', severity }), key, config, at);
      expect(plan.ticket).toBe(true);
      expect(plan.steps.some((s) => s.team === 'development')).toBe(true);
    }
  });

  it('teams without a tracker get no ticket', () => {
    expect(planEscalation(incident({ team: 'platform', severity: 'high' }), key, config, night).ticket).toBe(false);
  });
});
