import { describeAction } from '../../functions/core/actions/describe.ts';
import { UNDECIDED_ACTION_STATUSES } from '../../functions/core/actions/incident-action.ts';
import type { Alert } from '../../functions/core/alerts/types.ts';
import type { Incident } from '../../functions/core/incidents/types.ts';
import { severityRank } from '../../functions/core/vocabulary.ts';
import type { IntegrationEntry, OutboxEntry } from '../outbox.ts';
import { pad, terminalText } from './columns.ts';

const when = (iso: string): string => iso.slice(0, 19).replace('T', ' ');

/**
 * Incidents as a readable table, most severe first, each followed by its alerts (symptoms marked):
 * what people are paged for, and what it is made of.
 */
export function formatIncidentTable(incidents: Iterable<Incident>): string {
  const rows = [...incidents]
    .filter((i) => !i.mergedInto)
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.alerts.length - a.alerts.length);
  const lines = [
    `${pad('SEVERITY', 9)}${pad('STATUS', 13)}${pad('ALERTS', 7)}${pad('POLICY', 15)}${pad('TEAM', 12)}INCIDENT`,
  ];
  for (const i of rows) {
    lines.push(
      `${pad(i.severity, 9)}${pad(i.status + (i.flaps ? ` (${i.flaps}×)` : ''), 13)}${pad(String(i.alerts.length), 7)}${pad(i.policy, 15)}${pad(i.team, 12)}${terminalText(i.title)}`,
    );
    for (const a of i.alerts)
      lines.push(
        `${' '.repeat(9)}└ ${pad(a.severity, 9)}${pad(a.status, 13)}${pad(`${a.count}×`, 6)}${pad(a.rule, 36)}${terminalText(a.subject ?? '')}${a.symptom ? '  (symptom)' : ''}`,
      );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The incidents' actions, one line each: status, mode and what it does (and why it failed or could
 * not be bound), most severe incident first, with a count of those waiting for a person.
 */
export function formatActions(incidents: Iterable<Incident>): string {
  const lines: string[] = [];
  let waiting = 0;
  for (const i of [...incidents].sort((a, b) => severityRank(a.severity) - severityRank(b.severity)))
    for (const a of i.actions ?? []) {
      if (UNDECIDED_ACTION_STATUSES.includes(a.status)) waiting++;
      const why = a.error ? ` (${a.error})` : '';
      lines.push(
        `  ${pad(a.status, 19)}${pad(a.mode, 9)}${terminalText(`${describeAction(a.kind, a.params, i.cluster)}${why}`)}`,
      );
    }
  const head = `${lines.length} actions, ${waiting} waiting for a person: dry-run, approve or reject them in the console`;
  return `${[head, ...lines].join('\n')}\n`;
}

/** Alerts as a readable table, most severe and most frequent first. */
export function formatAlertTable(alerts: Iterable<Alert>): string {
  const rows = [...alerts].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.count - a.count);
  const lines = [
    `${pad('SEVERITY', 9)}${pad('STATUS', 13)}${pad('COUNT', 7)}${pad('RULE', 36)}${pad('CLUSTER', 14)}${pad('WHERE', 34)}${pad('TEAM', 16)}FIRST SEEN`,
  ];
  for (const i of rows) {
    const where = [i.resource.namespace, i.resource.name].filter(Boolean).join('/') || i.resource.kind || '-';
    lines.push(
      `${pad(i.severity, 9)}${pad(i.status + (i.flaps ? ` (${i.flaps}×)` : ''), 13)}${pad(String(i.count), 7)}${pad(i.rule, 36)}${pad(i.cluster, 14)}${pad(where, 34)}${pad(i.team, 16)}${when(i.firstSeen)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Outbox entries, one line each: kind, team and tier, and the SMS body (the shortest form). */
export function formatOutbox(entries: readonly OutboxEntry[], max = 40): string {
  const lines = entries.slice(0, max).map((e) => {
    const tier = e.publish.MessageAttributes?.tier?.StringValue;
    const sms = (JSON.parse(e.publish.Message ?? '{}') as { sms?: string }).sms ?? '';
    return `  ${pad(e.kind, 12)}${pad(`${e.team}${tier && tier !== '0' ? ` t${tier}` : ''}`, 18)}${terminalText(sms)}`;
  });
  if (entries.length > max) lines.push(`  … ${entries.length - max} more`);
  return `${lines.join('\n')}\n`;
}

/** One line per chat message or tracker request: how, where, and what it says. */
export function formatIntegrations(entries: readonly IntegrationEntry[], max = 30): string {
  const lines = entries.slice(0, max).map((e) => {
    const body = (e.body ?? {}) as {
      content?: { title?: string };
      title?: string;
      fields?: { summary?: string };
      text?: string;
      body?: unknown;
      state?: string;
      transition?: { id?: string };
      jql?: string;
    };
    const gist =
      body.content?.title ??
      body.title ??
      body.fields?.summary ??
      body.text?.split('\n')[0] ??
      (body.body !== undefined ? 'comment' : undefined) ??
      (body.state ? `state ${body.state}` : undefined) ??
      (body.transition ? `transition ${body.transition.id}` : undefined) ??
      (body.jql ? `search ${body.jql}` : '');
    return `  ${pad(e.method, 8)}${pad(e.target.replace(/^arn:aws:sns:[^:]+:\d+:/, 'sns:'), 58)}${terminalText(String(gist)).slice(0, 90)}`;
  });
  if (entries.length > max) lines.push(`  … ${entries.length - max} more (all in the outbox file)`);
  return `${lines.join('\n')}\n`;
}
