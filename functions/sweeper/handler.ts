import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { announceResolution } from '../core/escalation/announce.ts';
import { EscalationService } from '../core/escalation/escalation-service.ts';
import { startPendingEscalations } from '../core/escalation/pending.ts';
import type { AlertPolicy } from '../core/alerts/policy.ts';
import type { SweepRepository } from '../core/alerts/sweep.ts';
import { sweepQuietIncidents } from '../core/alerts/sweep.ts';
import { lambdaHandler } from '../shared/middleware.ts';
import { logger, metrics } from '../shared/powertools.ts';
import { lambdaLauncher } from '../shared/launcher.ts';
import { once } from '../shared/once.ts';
import type { Platform } from '../shared/platform.ts';
import { alertStoreOf, incidentStoreOf, lambdaNotifier, lambdaPlatform } from '../shared/platform.ts';
import type { WorkflowLauncher } from '../core/escalation/escalation-service.ts';
import type { Notifier } from '../core/notifications/ports.ts';
import type { EscalationStarter } from '../core/escalation/ports.ts';
import type { IncidentQueue, IncidentSink, IncidentWork } from '../core/incidents/ports.ts';

/** What the sweeper works with. */
export interface SweeperDeps {
  readonly repository: SweepRepository;
  /** The incidents of the alerts it resolves (an incident resolves with its last alert). */
  readonly incidents: IncidentSink;
  readonly policy: AlertPolicy;
  readonly notifier: Notifier;
  /** Escalations an alert storm left waiting, and what starts them. */
  readonly pending?: { readonly queue: IncidentQueue; readonly starter: EscalationStarter };
}

/**
 * The sweeper over the given store, every minute: resolves alerts whose quiet period ended (and
 * their incidents with their last alert), and starts the escalations that waited (storm protection).
 */
export function createSweeperHandler(deps: () => SweeperDeps, clock: () => number = Date.now) {
  return lambdaHandler<unknown, { resolved: number; escalationsStarted: number }>({ metrics: true }).handler(
    async () => {
      const { repository, incidents, policy, notifier, pending } = deps();
      const resolved = await sweepQuietIncidents(repository, policy, clock());
      metrics.addMetric('AlertsAutoResolved', MetricUnit.Count, resolved.length);
      const work = new Map<string, IncidentWork>();
      for (const alert of resolved) {
        logger.info('alert auto-resolved', {
          alertId: alert.id,
          incidentId: alert.incidentId,
          rule: alert.rule,
          cluster: alert.cluster,
        });
        if (!alert.incidentId) continue;
        const entry = work.get(alert.incidentId) ?? { alerts: [] };
        entry.alerts.push({ alert, symptom: false });
        work.set(alert.incidentId, entry);
      }
      const report = await incidents.applyAlertChanges(work);
      for (const change of report.results) {
        if (change.outcome !== 'resolved') continue;
        logger.info('incident resolved with its last alert', { incidentId: change.next.id });
        await announceResolution(change.next, notifier);
      }
      const escalationsStarted = pending ? await startPendingEscalations(pending.queue, pending.starter) : 0;
      if (escalationsStarted > 0) logger.info('started waiting escalations', { escalationsStarted });
      metrics.addMetric('DeferredEscalationsStarted', MetricUnit.Count, escalationsStarted);
      return { resolved: resolved.length, escalationsStarted };
    },
  );
}

/** The sweeper's dependencies: the store (quiet incidents, waiting escalations), the notifier, the launcher. */
export function sweeperDeps(
  platform: Platform,
  options: {
    readonly notifier: Notifier;
    /** What starts escalation workflows; none means waiting escalations are left waiting. */
    readonly escalation?: WorkflowLauncher;
  },
): SweeperDeps {
  const alerts = alertStoreOf(platform);
  const incidents = incidentStoreOf(platform);
  const { escalation, notifier } = options;
  return {
    repository: alerts,
    incidents,
    policy: platform.settings.policy,
    notifier,
    pending: escalation && {
      queue: incidents,
      starter: new EscalationService(platform.settings.escalation, escalation, notifier, incidents, platform.clock),
    },
  };
}

/** The scheduled Lambda entry point. */
export const handler = createSweeperHandler(
  once(() =>
    sweeperDeps(lambdaPlatform(), {
      notifier: lambdaNotifier(),
      escalation: lambdaLauncher(),
    }),
  ),
);
