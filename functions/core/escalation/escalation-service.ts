import type { IncidentUpdate } from '../collaboration/events.ts';
import { announceUpdate, ticketNotification } from '../collaboration/events.ts';
import type { Incident } from '../incidents/types.ts';
import { BUSINESS_TOPIC } from './announce.ts';
import type { EscalationConfig } from './config.ts';
import { statusNotification } from './messages.ts';
import { executionName, planEscalation } from './plan.ts';
import type { EscalationPlan } from './plan.ts';
import type { EscalationStart, EscalationStarter } from './ports.ts';
import type { Notifier } from '../notifications/ports.ts';

/** Starts workflow executions (Step Functions, or the local runner). */
export interface WorkflowLauncher {
  /** Start an execution; false when one of that name already exists. */
  start(name: string, input: { plan: EscalationPlan }): Promise<boolean>;
}

/** What the escalation needs of the incident store. */
export interface EscalatedIncidents {
  /** The table key of an incident's item: the workflow reads and updates that very item. */
  itemKey(id: string): { readonly pk: string; readonly sk: string };
  /** Mark an incident as announced to the business topic. */
  markAnnounced(id: string): Promise<void>;
}

/**
 * Starts the escalation of an incident generation: plans it and starts the workflow under an
 * idempotent name; tells the business topic when a critical incident degrades a component.
 */
export class EscalationService implements EscalationStarter {
  public constructor(
    private readonly config: EscalationConfig,
    private readonly launcher: WorkflowLauncher,
    private readonly notifier: Notifier,
    private readonly incidents: EscalatedIncidents,
    private readonly clock: () => number = Date.now,
  ) {}

  public async start(incident: Incident, _reason?: string, options: EscalationStart = {}): Promise<void> {
    const plan = planEscalation(incident, this.incidents.itemKey(incident.id), this.config, this.clock(), options);
    if (plan.ticket) await this.notifier.publish(ticketNotification(incident, plan.ownerTeam));
    if (plan.steps.length > 0) await this.launcher.start(executionName(incident.id, plan.incidentSeverity), { plan });
    if (incident.severity === 'critical' && !incident.statusAnnounced) {
      await this.notifier.publish(statusNotification(incident, 'degraded', BUSINESS_TOPIC));
      await this.incidents.markAnnounced(incident.id);
    }
  }

  public async announce(incident: Incident, change: IncidentUpdate, text: string): Promise<void> {
    await announceUpdate(incident, change, text, this.notifier, this.config.chatTeams);
  }
}
