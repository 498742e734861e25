import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { AlertStore } from '../adapters/alert-store.ts';
import { announceResolution } from '../core/escalation/announce.ts';
import { EscalationService } from '../core/escalation/escalation-service.ts';
import { startPendingEscalations } from '../core/escalation/pending.ts';
import type { Notifier } from '../core/escalation/ports.ts';
import type { AlertPolicy } from '../core/alerts/policy.ts';
import type { SweepRepository } from '../core/alerts/sweep.ts';
import { sweepQuietIncidents } from '../core/alerts/sweep.ts';
import type { EscalationQueue, EscalationStarter } from '../core/ingest/ports.ts';
import { env } from '../shared/env.ts';
import { lambdaHandler } from '../shared/middleware.ts';
import { logger, metrics } from '../shared/powertools.ts';
import { lambdaLauncher } from '../shared/launcher.ts';
import { once } from '../shared/once.ts';
import type { Platform } from '../shared/platform.ts';
import { lambdaNotifier, lambdaPlatform } from '../shared/platform.ts';
import type { EscalationConfig } from '../core/escalation/config.ts';
import type { WorkflowLauncher } from '../core/escalation/escalation-service.ts';

/** What the sweeper works with. */
export interface SweeperDeps {
  readonly repository: SweepRepository;
  readonly policy: AlertPolicy;
  readonly notifier: Notifier;
  /** Escalations an alert storm left waiting, and what starts them. */
  readonly pending?: { readonly queue: EscalationQueue; readonly starter: EscalationStarter };
}

/**
 * The sweeper over the given store, every minute: resolves incidents whose quiet period ended, and
 * starts the escalations that waited (storm protection).
 */
export function createSweeperHandler(deps: () => SweeperDeps, clock: () => number = Date.now) {
  return lambdaHandler<unknown, { resolved: number; escalationsStarted: number }>({ metrics: true }).handler(
    async () => {
      const { repository, policy, notifier, pending } = deps();
      const resolved = await sweepQuietIncidents(repository, policy, clock());
      metrics.addMetric('IncidentsAutoResolved', MetricUnit.Count, resolved.length);
      for (const incident of resolved) {
        logger.info('auto-resolved', { incidentId: incident.id, rule: incident.rule, cluster: incident.cluster });
        await announceResolution(incident, notifier);
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
    readonly escalation?: { config: EscalationConfig; launcher: WorkflowLauncher };
  },
): SweeperDeps {
  const store = new AlertStore(platform.doc, platform.tableName, platform.policy, platform.clock);
  const { escalation, notifier } = options;
  return {
    repository: store,
    policy: platform.policy,
    notifier,
    pending: escalation && {
      queue: store,
      starter: new EscalationService(escalation.config, escalation.launcher, notifier, store, platform.clock),
    },
  };
}

/** The scheduled Lambda entry point. */
export const handler = createSweeperHandler(
  once(() =>
    sweeperDeps(lambdaPlatform(), {
      notifier: lambdaNotifier(),
      escalation: { config: env.escalationConfig(), launcher: lambdaLauncher() },
    }),
  ),
);
