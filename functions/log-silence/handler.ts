import { MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { SilenceWatch } from '../core/ingest/log-silence.ts';
import { partsOfClusterId } from '../core/sources/origin.ts';
import { silenceCandidates } from '../core/ingest/log-silence.ts';
import type { IngestDeps } from '../core/ingest/ingest.ts';
import { storeSignals, touchedAlerts } from '../core/ingest/ingest.ts';
import { lambdaIngestDeps } from '../shared/ingest-deps.ts';
import { lambdaHandler } from '../shared/middleware.ts';
import { once } from '../shared/once.ts';
import { lambdaSettings } from '../shared/settings.ts';
import { logger, metrics, traced } from '../shared/powertools.ts';
import { logAlerts } from '../shared/ingest-telemetry.ts';

/** The newest event time of a cluster's control-plane log group (undefined: none, or no group). */
export type LastEventLookup = (cluster: string) => Promise<number | undefined>;

/** Check every watched cluster for silent logs, and raise or resolve `cluster-logs-silent`. */
export async function checkLogSilence(
  watches: readonly SilenceWatch[],
  lastEvent: LastEventLookup,
  deps: IngestDeps,
  now: number,
): Promise<{ silent: string[] }> {
  const last = new Map<string, number | undefined>();
  for (const watch of watches) last.set(watch.name, await lastEvent(watch.name));
  const signals = silenceCandidates(watches, last, now).flatMap((candidate) =>
    deps.classifier.classifyCandidate(candidate),
  );
  const { report } = await storeSignals(signals, deps);
  logAlerts(touchedAlerts(report));
  return { silent: signals.filter((s) => s.action !== 'resolve').map((s) => s.cluster) };
}

/**
 * The newest `lastEventTimestamp` of the log group's streams (DescribeLogStreams, newest first). A
 * spoke's cluster (`<account>/<region>/<name>`) is read in its account and region, through the
 * read-only role the spoke stack created (`readerRole`), with a client per spoke.
 */
export function cloudWatchLastEvent(
  home: CloudWatchLogsClient,
  spokeClient: (account: string, region: string) => CloudWatchLogsClient = () => home,
): LastEventLookup {
  return async (cluster) => {
    const { account, region, name } = partsOfClusterId(cluster, {});
    const logs = account && region ? spokeClient(account, region) : home;
    try {
      const { logStreams } = await logs.send(
        new DescribeLogStreamsCommand({
          logGroupName: `/aws/eks/${name}/cluster`,
          orderBy: 'LastEventTime',
          descending: true,
          limit: 1,
        }),
      );
      return logStreams?.[0]?.lastEventTimestamp;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  };
}

const logs = /* @__PURE__ */ once(() => traced(new CloudWatchLogsClient({})));
const spokes = new Map<string, CloudWatchLogsClient>();
/** A client in a spoke's account and region, with the credentials of its silence-reader role. */
function spokeLogs(account: string, region: string): CloudWatchLogsClient {
  const key = `${account}/${region}`;
  const known = spokes.get(key);
  if (known) return known;
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  const roleArn = `arn:${partition}:iam::${account}:role/${lambdaSettings().spokeReaderRole}-${region}`;
  const client = traced(
    new CloudWatchLogsClient({
      region,
      credentials: fromTemporaryCredentials({ params: { RoleArn: roleArn, RoleSessionName: 'watchkeeper-silence' } }),
    }),
  );
  spokes.set(key, client);
  return client;
}

const ingestDeps = /* @__PURE__ */ once(() => lambdaIngestDeps());

/** The scheduled Lambda entry point. */
export const handler = lambdaHandler<unknown, { silent: string[] }>({ metrics: true }).handler(async () => {
  const result = await checkLogSilence(
    lambdaSettings().silenceWatches,
    cloudWatchLastEvent(logs(), spokeLogs),
    ingestDeps(),
    Date.now(),
  );
  metrics.addMetric('SilentClusters', MetricUnit.Count, result.silent.length);
  if (result.silent.length > 0) logger.warn('clusters with silent control-plane logs', { clusters: result.silent });
  return result;
});
