import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LogsDelivery } from '../../functions/ingest-logs/handler.ts';
import { createIngestLogsHandler } from '../../functions/ingest-logs/handler.ts';
import { bundledAwsRanges } from '../../functions/core/sources/aws-ranges-data.ts';
import { ingestDeps } from '../../functions/shared/ingest-deps.ts';
import { parseConfig } from '../../lib/load-config.ts';
import { CROWDED_CLUSTER, crowdedScenario } from '../../local/demo/crowded-scenario.ts';
import { localLambdaContext } from '../../local/lambda-context.ts';
import type { NamedInput } from '../../local/read-inputs.ts';
import { LocalRuntime } from '../../local/runtime.ts';

/** The crowded ten minutes, replayed at this minute. */
export const NOW = Math.floor(Date.now() / 60_000) * 60_000;

export const isWrite = (command: unknown) =>
  /^(Put|Update|Delete|TransactWrite|BatchWrite)/.test((command as object).constructor.name);
/** Write requests sent so far (a batch is one request: where a crash can fall). */
export const writeRequests = (runtime: LocalRuntime) =>
  ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']
    .map((operation) => runtime.dynamo.counter.byOperation.get(operation) ?? 0)
    .reduce((a, b) => a + b, 0);

/** What a responder and the counts see: alerts, incidents and pages, by id. */
export async function observed(runtime: LocalRuntime) {
  const api = runtime.api();
  const query = { cluster: CROWDED_CLUSTER, limit: 100 } as never;
  const alerts = (await api.alerts.list(query)).items.map((a) => [a.id, a.rule, a.count, a.status, a.incidentId]);
  const incidents = (await api.incidents.list(query)).items.map((i) => [
    i.id,
    i.policy,
    i.status,
    i.severity,
    i.alertCount,
    i.occurrences,
    i.mergedInto,
  ]);
  const pages = runtime.outbox.entries
    .map((e) => [e.incidentId, e.team, e.kind, e.publish.MessageAttributes?.tier?.StringValue].join(' '))
    .sort();
  return { alerts: alerts.sort(), incidents: incidents.sort(), pages };
}

/** A fresh local pipeline with escalation, fed by `feed`, observed once every escalation has run. */
export async function pipeline(feed: (runtime: LocalRuntime, inputs: NamedInput[]) => Promise<void>) {
  // Actions are proposed (ingestion's writes) but none runs: the crash test counts ingestion's writes only.
  const runtime = await LocalRuntime.start({
    config: parseConfig({ remediation: { enabled: false } }),
    clock: () => NOW,
  });
  try {
    await feed(runtime, crowdedScenario(NOW));
    await runtime.settle();
    return await observed(runtime);
  } finally {
    await runtime.close();
  }
}

/** The ingest handler over a client that fails at its `k`-th write, as a Lambda timeout would cut it. */
export function crashingIngest(runtime: LocalRuntime, k: number) {
  let writes = 0;
  const doc = new Proxy(runtime.doc, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (command: unknown) => {
        if (isWrite(command) && ++writes >= k) throw new Error(`simulated crash at write ${k}`);
        return target.send(command as never);
      };
    },
  }) as DynamoDBDocumentClient;
  const deps = ingestDeps(
    { ...runtime.platform, doc },
    {
      awsRanges: bundledAwsRanges,
      quarantine: runtime.quarantine,
      notifier: runtime.outbox,
      escalation: runtime.workflow,
      // As the runtime's own ingestion: rules' actions are proposed too (writes the crash may cut).
      remediation: runtime.remediation,
    },
  );
  const handler = createIngestLogsHandler(() => deps);
  return (input: NamedInput) =>
    handler(JSON.parse(input.text) as LogsDelivery, localLambdaContext('watchkeeper-ingest-logs', `crash-${k}`));
}

/** The crowded minutes delivered once: what every run is compared with, and how many writes the busiest delivery sends. */
export async function referenceRun(): Promise<{ reference: Observed; busiestWrites: number }> {
  let busiestWrites = 0;
  const reference = await pipeline(async (runtime, inputs) => {
    for (const input of inputs) {
      const before = writeRequests(runtime);
      await runtime.deliver(input);
      busiestWrites = Math.max(busiestWrites, writeRequests(runtime) - before);
    }
  });
  return { reference, busiestWrites };
}

/** What {@link observed} returns. */
export type Observed = Awaited<ReturnType<typeof observed>>;
