import { createHash } from 'node:crypto';
import type { IncidentEvent } from './collaborator.ts';
import type { NotificationKind } from '../notifications/notification.ts';

const KINDS: readonly NotificationKind[] = ['page', 'last-resort', 'resolved', 'update', 'ticket', 'review'];

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * The event in a team topic's message (the `sqs` body) and its attributes, or `undefined` for what
 * collaboration ignores (business status). Its id follows the content — the page of a tier and round
 * at a severity, the resolution at its time, the update's text — so that a page published twice
 * (a retried workflow state) is posted once. Pure.
 */
export function incidentEventOf(
  messageId: string,
  attributes: Readonly<Record<string, string>>,
  message: unknown,
): IncidentEvent | undefined {
  const body = (typeof message === 'object' && message !== null ? message : {}) as Record<string, unknown>;
  const kind = (text(body.kind) ?? attributes.kind) as NotificationKind;
  const incidentId = text(body.incidentId) ?? attributes.incidentId;
  const team = attributes.team ?? text(body.team);
  if (!KINDS.includes(kind) || !incidentId || !team) return undefined;
  const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 16);
  const id =
    kind === 'page'
      ? `page:${incidentId}:${team}:${body.severity}:${body.tier}:${body.round}`
      : kind === 'last-resort'
        ? `last-resort:${incidentId}:${team}:${body.severity}`
        : kind === 'resolved'
          ? `resolved:${incidentId}:${team}:${body.resolvedAt}`
          : kind === 'update'
            ? `update:${incidentId}:${team}:${digest(`${body.change}\0${body.text}`)}`
            : `${kind}:${incidentId}:${team}:${messageId}`;
  return { id, kind, incidentId, team, text: text(body.text), ackUrl: text(body.ackUrl) };
}
