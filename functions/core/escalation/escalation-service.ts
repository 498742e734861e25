import type { EscalationStarter } from '../ingest/ports.ts';
import type { ApplyResult } from '../alerts/lifecycle.ts';
import type { Alert } from '../alerts/types.ts';
import { BUSINESS_TOPIC } from './announce.ts';
import type { EscalationConfig } from './config.ts';
import { statusNotification } from './messages.ts';
import { executionName, planEscalation } from './plan.ts';
import type { EscalationPlan } from './plan.ts';
import type { Notifier } from './ports.ts';

/** Starts workflow executions (Step Functions, or the local runner). */
export interface WorkflowLauncher {
  /** Start an execution; false when one of that name already exists. */
  start(name: string, input: { plan: EscalationPlan }): Promise<boolean>;
}

/** Marks an incident as announced to the business topic. */
export interface StatusMarker {
  changeAlert(id: string, decide: (current: Alert) => ApplyResult): Promise<ApplyResult>;
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
    private readonly incidents: StatusMarker,
    private readonly clock: () => number = Date.now,
  ) {}

  public async start(incident: Alert): Promise<void> {
    const plan = planEscalation(incident, this.config, this.clock());
    if (plan.steps.length > 0) await this.launcher.start(executionName(incident.id, incident.severity), { plan });
    if (incident.severity === 'critical' && !incident.statusAnnounced) {
      await this.notifier.publish(statusNotification(incident, 'degraded', BUSINESS_TOPIC));
      await this.incidents.changeAlert(incident.id, (current) => ({
        outcome: 'updated',
        next: { ...current, statusAnnounced: true, version: current.version + 1 },
        timeline: [],
        escalate: false,
      }));
    }
  }
}
