import { matchesFields } from '../alerts/matchers.ts';
import type { Incident } from '../incidents/types.ts';
import { SEVERITIES, severityRank } from '../vocabulary.ts';
import type { Severity } from '../vocabulary.ts';
import { activePeakPeriods, isBusinessHours, nextBusinessHoursStart } from './calendar.ts';
import type { EscalationConfig } from './config.ts';

/** Who a page goes to: the members of a team, or its escalation contacts. */
export type Audience = 'member' | 'escalation';

/** One page of the escalation, then the wait for an acknowledgement. */
export interface EscalationStep {
  /** 1-based tier. */
  readonly tier: number;
  /** 0 for the first walk through the tiers, 1 for the first repeat … */
  readonly round: number;
  readonly team: string;
  readonly audience: Audience;
  readonly waitSeconds: number;
}

/** The escalation of one incident generation, decided when it starts. */
export interface EscalationPlan {
  readonly incidentId: string;
  /** The incident's table item, which the workflow reads before every page and records pages on. */
  readonly key: { readonly pk: string; readonly sk: string };
  /** The severity that paging follows (raised during a peak period). */
  readonly severity: Severity;
  /** The severity the incident escalated at, compared with its `escalatedSeverity` to detect a re-escalation. */
  readonly incidentSeverity: Severity;
  readonly ownerTeam: string;
  readonly steps: EscalationStep[];
  readonly lastResort: { readonly team: string; readonly audience: Audience };
  /** Pages wait until then (outside business hours for lower severities). */
  readonly deferUntil?: string;
  /** Why the plan looks the way it does, for the timeline. */
  readonly notes: string[];
  /** The owner team files a ticket for it (its tracker's policy). */
  readonly ticket: boolean;
}

/** The route for an incident (by its leading alert's fields): owner team and tier-1 team. */
export function routeIncident(incident: Incident, config: EscalationConfig): { ownerTeam: string; tier1Team: string } {
  for (const route of config.routes) {
    if (matchesFields(route.match, incident)) {
      return { ownerTeam: route.team, tier1Team: route.tier1Team ?? config.firstLineTeam };
    }
  }
  const owner = config.teams.includes(incident.team) ? incident.team : config.firstLineTeam;
  return { ownerTeam: owner, tier1Team: config.firstLineTeam };
}

/**
 * Plan the escalation of an incident at `now`: route it, pick the policy of the severity it escalates
 * at (possibly raised for a peak period), scale the timeouts by the cluster's SLA tier and any peak period, and defer it to the
 * next business-hours start when its policy does not page at night. Pure.
 */
export function planEscalation(
  incident: Incident,
  key: EscalationPlan['key'],
  config: EscalationConfig,
  now: number,
  options: { readonly holdSeconds?: number } = {},
): EscalationPlan {
  const notes: string[] = [];
  const { ownerTeam, tier1Team } = routeIncident(incident, config);
  const peaks = activePeakPeriods(config, incident.cluster, now);
  const escalated = incident.escalatedSeverity ?? incident.severity;
  let severity = escalated;
  if (peaks.some((p) => p.raiseSeverity) && severity !== 'critical') {
    severity = SEVERITIES[severityRank(severity) - 1];
    notes.push(`severity raised to ${severity} for ${peaks.map((p) => p.name).join(', ')}`);
  }
  const policy = config.policies[severity];
  const slaTier = config.clusterSlaTiers[incident.cluster] ?? 'standard';
  let factor = config.slaTiers[slaTier]?.timeoutFactor ?? 1;
  if (factor !== 1) notes.push(`timeouts ×${factor} for SLA tier ${slaTier}`);
  for (const peak of peaks) {
    factor *= peak.timeoutFactor;
    notes.push(`timeouts ×${peak.timeoutFactor} for ${peak.name}`);
  }
  const tierTeams: Array<[string, 'member' | 'escalation']> = [
    [tier1Team, 'member'],
    [ownerTeam, 'member'],
    [ownerTeam, 'escalation'],
  ];
  const steps: EscalationStep[] = [];
  for (let round = 0; round <= policy.repeats; round++) {
    policy.ackTimeoutMinutes.forEach((minutes, index) => {
      const [team, audience] =
        tier1Team === ownerTeam && index === 1 ? [ownerTeam, 'escalation' as const] : tierTeams[index];
      steps.push({
        tier: index + 1,
        round,
        team,
        audience,
        waitSeconds: Math.max(30, Math.round(minutes * 60 * factor)),
      });
    });
  }
  const tickets = config.tickets[ownerTeam];
  const ticket = tickets !== undefined && steps.length > 0;
  if (ticket && severity !== 'critical') {
    const business = isBusinessHours(now, config.businessHours);
    const instead = business
      ? tickets.businessHours === 'ticket-only'
      : tickets.afterHours === 'ticket-instead-of-page';
    if (instead) {
      // The ticket is the hand-off to the owner team; the first line is still paged.
      const kept = steps.filter((s) => s.team !== ownerTeam);
      steps.splice(0, steps.length, ...kept);
      notes.push(`${ownerTeam} gets a ticket instead of a page${business ? '' : ' outside business hours'}`);
    }
  }
  let deferUntil: string | undefined;
  if (steps.length > 0 && !policy.pageOutsideBusinessHours && !isBusinessHours(now, config.businessHours)) {
    deferUntil = new Date(nextBusinessHoursStart(now, config.businessHours)).toISOString();
    notes.push(`${severity} pages wait for business hours (${deferUntil})`);
  }
  if (steps.length > 0 && options.holdSeconds && !deferUntil) {
    deferUntil = new Date(now + options.holdSeconds * 1000).toISOString();
    notes.push(`the first page waits ${options.holdSeconds} s for related alerts`);
  }
  return {
    incidentId: incident.id,
    key,
    severity,
    incidentSeverity: escalated,
    ownerTeam,
    steps,
    lastResort: { team: config.lastResortTeam, audience: 'escalation' },
    deferUntil,
    notes,
    ticket,
  };
}

/**
 * Step Functions execution name of an incident generation at a severity: the same incident never
 * escalates twice at the same severity, and a higher severity starts a new escalation.
 */
export function executionName(incidentId: string, severity: Severity): string {
  return `${incidentId.replace(/[^A-Za-z0-9_-]/g, '_')}-${severity}`.slice(0, 80);
}
