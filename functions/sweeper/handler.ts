import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { IncidentStore } from '../adapters/incident-store.ts';
import type { SweepRepository } from '../core/incidents/sweep.ts';
import { sweepQuietIncidents } from '../core/incidents/sweep.ts';
import { announceResolution } from '../core/escalation/announce.ts';
import type { Notifier } from '../core/escalation/ports.ts';
import { lambdaNotifier } from '../shared/default-deps.ts';
import type { IncidentPolicy } from '../core/incidents/policy.ts';
import { documentClient } from '../shared/clients.ts';
import { env } from '../shared/env.ts';
import { logger, metrics, tracer } from '../shared/powertools.ts';

/** The sweeper over the given store: resolves incidents whose quiet period ended. */
export function createSweeperHandler(
  deps: () => { repository: SweepRepository; policy: IncidentPolicy; notifier: Notifier },
  clock: () => number = Date.now,
) {
  return middy<unknown, { resolved: number }>()
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .handler(async () => {
      const { repository, policy, notifier } = deps();
      const resolved = await sweepQuietIncidents(repository, policy, clock());
      metrics.addMetric('IncidentsAutoResolved', MetricUnit.Count, resolved.length);
      for (const incident of resolved) {
        logger.info('auto-resolved', { incidentId: incident.id, rule: incident.rule, cluster: incident.cluster });
        await announceResolution(incident, notifier);
      }
      return { resolved: resolved.length };
    });
}

let deps: { repository: SweepRepository; policy: IncidentPolicy; notifier: Notifier } | undefined;

/** The scheduled Lambda entry point. */
export const handler = createSweeperHandler(() => {
  if (!deps) {
    const policy = env.incidentPolicy();
    deps = {
      repository: new IncidentStore(documentClient(), env.tableName(), policy),
      policy,
      notifier: lambdaNotifier(),
    };
  }
  return deps;
});
