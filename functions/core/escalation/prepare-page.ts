import { describeAction } from '../actions/describe.ts';
import { UNDECIDED_ACTION_STATUSES } from '../actions/incident-action.ts';
import type { Incident, IncidentTimelineEntry, Paging } from '../incidents/types.ts';
import type { Silence } from '../silences/silence.ts';
import { incidentSilence } from '../silences/silence.ts';
import { pageNotification } from './messages.ts';
import type { EscalationPlan } from './plan.ts';
import { executionName } from './plan.ts';
import type { ChangeRecord } from '../changes/change.ts';
import type { Notification } from '../notifications/notification.ts';
import { entry } from '../incidents/timeline.ts';

/** What the "prepare page" step of the workflow decides. */
export interface PreparedPage {
  readonly notification: Notification;
  /** The silence that suppresses this page, if any. */
  readonly silencedBy?: string;
  readonly timeline: IncidentTimelineEntry;
  readonly waitSeconds: number;
  /** What the incident records once the page is sent: who is paged now and when the next tier is due. */
  readonly paging: Paging;
}

/** Links a page carries. */
export interface PageLinks {
  ackUrl(incident: Incident, audience: string): string;
  /** A signed link that approves or rejects one action of the incident. */
  actionUrl(incident: Incident, actionId: string, audience: string): string;
  incidentUrl(incident: Incident): string;
}

/**
 * Prepare the page of step `cursor` of a plan (or the last-resort page): the notification with
 * fresh counts, the incident's alerts and a signed link, the timeline entry, and whether silences
 * suppress it (every alert it pages for is silenced). Pure.
 */
export function preparePage(
  plan: EscalationPlan,
  cursor: number,
  lastResort: boolean,
  incident: Incident,
  silences: readonly Silence[],
  links: PageLinks,
  now: number,
  precedingChange?: ChangeRecord,
): PreparedPage {
  const step = lastResort
    ? {
        tier: plan.steps.length > 0 ? Math.max(...plan.steps.map((s) => s.tier)) + 1 : 1,
        round: 0,
        ...plan.lastResort,
        waitSeconds: 0,
      }
    : plan.steps[cursor];
  if (!step) throw new RangeError(`plan of ${plan.incidentId} has no step ${cursor}`);
  const audience = `${step.team} tier ${step.tier}${step.audience === 'escalation' ? ' escalation' : ''}`;
  const notification = pageNotification(incident, {
    tier: step.tier,
    round: step.round,
    audience: step.audience,
    team: step.team,
    kind: lastResort ? 'last-resort' : 'page',
    ackUrl: links.ackUrl(incident, audience),
    incidentUrl: links.incidentUrl(incident),
    precedingChange,
    actions: (incident.actions ?? []).map((a) => ({
      id: a.id,
      kind: a.kind,
      description: describeAction(a.kind, a.params, incident.cluster),
      status: a.status,
      ...(UNDECIDED_ACTION_STATUSES.includes(a.status) ? { decideUrl: links.actionUrl(incident, a.id, audience) } : {}),
    })),
  });
  const silence = incidentSilence(silences, incident, now);
  const token = `${executionName(plan.incidentId, plan.incidentSeverity)}-${lastResort ? 'last' : cursor}`;
  const timeline = silence
    ? entry(
        incident.id,
        now,
        'silenced',
        'watchkeeper',
        token,
        `Page to ${audience} suppressed by silence ${silence.id} (${silence.comment})`,
        { team: step.team, tier: step.tier, silence: silence.id },
      )
    : entry(
        incident.id,
        now,
        lastResort ? 'exhausted' : 'paged',
        'watchkeeper',
        token,
        lastResort
          ? `No acknowledgement after every tier: last resort ${step.team} notified`
          : `Paged ${audience}${step.round > 0 ? ` (repeat ${step.round})` : ''}`,
        { team: step.team, tier: step.tier, round: step.round, audience: step.audience },
      );
  const paging: Paging = {
    team: step.team,
    at: new Date(now).toISOString(),
    ...(lastResort ? {} : { tier: step.tier, nextDueAt: new Date(now + step.waitSeconds * 1000).toISOString() }),
  };
  return { notification, silencedBy: silence?.id, timeline, waitSeconds: step.waitSeconds, paging };
}
