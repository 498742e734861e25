import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KinesisStreamEvent } from 'aws-lambda';
import type { KinesisBatchResult } from '../../functions/ingest-logs/kinesis-batch.ts';
import { createIngestLogsHandler } from '../../functions/ingest-logs/handler.ts';
import { parseConfig } from '../../lib/load-config.ts';
import { subscriptionEvent } from '../../local/demo/subscription.ts';
import { localLambdaContext } from '../../local/lambda-context.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { auditEvent } from '../helpers/audit-event.ts';

// The Kinesis path: CloudWatch Logs subscription payloads in Kinesis records, read by the real
// ingest-logs handler with partial batch responses, stored in dynalite.
const context = localLambdaContext('watchkeeper-ingest-logs', 'req-kinesis');
let runtime: LocalRuntime;
let handler: ReturnType<typeof createIngestLogsHandler>;
/** Namespaces whose alert writes the store refuses, as a throttled or failing table would. */
const refused = new Set<string>();

beforeAll(async () => {
  runtime = await LocalRuntime.start({ config: parseConfig({}), escalation: false });
  handler = createIngestLogsHandler(() => runtime.deps);
  runtime.dynamo.client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string>; body?: unknown };
      const body = request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : String(request.body);
      const write = /\.(UpdateItem|PutItem)$/.test(request.headers?.['x-amz-target'] ?? '');
      for (const namespace of refused)
        if (write && body.includes(`"${namespace}"`))
          throw Object.assign(new Error('We currently do not have sufficient capacity'), {
            name: 'InternalServerError',
          });
      return next(args);
    },
    { step: 'finalizeRequest', name: 'refuseNamespaces' },
  );
});
afterAll(async () => runtime.close());

let sequence = 0;
/** A Kinesis record holding one subscription delivery of secret reads in `namespace` (two events). */
function record(namespace: string): KinesisStreamEvent['Records'][number] {
  const n = ++sequence;
  const lines = [0, 1].map((i) => ({
    timestamp: 1_764_000_000_000 + n * 10 + i,
    message: JSON.stringify(
      auditEvent({
        auditID: `kinesis-${namespace}-${i}`,
        verb: 'get',
        objectRef: { resource: 'secrets', namespace, name: 'db' },
        responseStatus: { code: 200 },
      }),
    ),
  }));
  return kinesisRecord(subscriptionEvent('prod-eu-1', 'kube-apiserver-audit-1', lines).awslogs.data, n);
}
const kinesisRecord = (data: string, n: number): KinesisStreamEvent['Records'][number] => ({
  kinesis: {
    kinesisSchemaVersion: '1.0',
    partitionKey: `pk-${n}`,
    sequenceNumber: `4963${String(n).padStart(20, '0')}`,
    data,
    approximateArrivalTimestamp: 1_764_000_000 + n,
  },
  eventSource: 'aws:kinesis',
  eventVersion: '1.0',
  eventID: `shardId-000000000000:4963${String(n).padStart(20, '0')}`,
  eventName: 'aws:kinesis:record',
  invokeIdentityArn: 'arn:aws:iam::111122223333:role/ingest-logs',
  awsRegion: 'eu-west-1',
  eventSourceARN: 'arn:aws:kinesis:eu-west-1:111122223333:stream/watchkeeper-logs',
});

const countIn = (namespace: string) =>
  [...runtime.alerts.values()].find((a) => a.rule === 'secret-read-by-human' && a.namespace === namespace)?.count;

describe('a Kinesis batch through ingest-logs', () => {
  it('quarantines exactly the corrupt record in the middle and stores the rest, failing nothing', async () => {
    const corrupt = kinesisRecord(Buffer.from('not a gzipped subscription payload').toString('base64'), ++sequence);
    const event = { Records: [record('kin-a'), corrupt, record('kin-b')] };

    const result = (await handler(event, context)) as KinesisBatchResult;

    expect(result.batchItemFailures).toEqual([]);
    expect(result.quarantined).toBe(1);
    const kept = [...runtime.quarantine.records.values()].flat();
    expect(JSON.stringify(kept)).toContain('"record":1');
    expect([countIn('kin-a'), countIn('kin-b')]).toEqual([2, 2]);
  });

  it('reports the record the store could not write as the failure, stores the others, and counts nothing twice when it comes again', async () => {
    const event = { Records: [record('kin-c'), record('kin-poison'), record('kin-d')] };
    refused.add('kin-poison');

    const first = (await handler(event, context)) as KinesisBatchResult;

    expect(first.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]?.kinesis.sequenceNumber }]);
    expect([countIn('kin-c'), countIn('kin-poison'), countIn('kin-d')]).toEqual([2, undefined, 2]);

    // Lambda delivers the batch again from the failed record (here: all of it); the store is back.
    refused.clear();
    const again = (await handler(event, context)) as KinesisBatchResult;

    expect(again.batchItemFailures).toEqual([]);
    expect([countIn('kin-c'), countIn('kin-poison'), countIn('kin-d')]).toEqual([2, 2, 2]);
    // And once more: nothing changes.
    const third = (await handler(event, context)) as KinesisBatchResult;
    expect(third).toMatchObject({ created: 0, updated: 0, batchItemFailures: [] });
    expect([countIn('kin-c'), countIn('kin-poison'), countIn('kin-d')]).toEqual([2, 2, 2]);
  });

  it('reports every record when the store refuses them all, trying no more than three in a row', async () => {
    const event = { Records: ['kin-e', 'kin-f', 'kin-g', 'kin-h'].map(record) };
    for (const namespace of ['kin-e', 'kin-f', 'kin-g', 'kin-h']) refused.add(namespace);
    const tried = () => runtime.dynamo.counter.byOperation.get('BatchGetItem') ?? 0;
    const before = tried();

    const result = (await handler(event, context)) as KinesisBatchResult;

    refused.clear();
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(
      event.Records.map((r) => r.kinesis.sequenceNumber),
    );
    expect(result).toMatchObject({ events: 0, created: 0 });
    // The whole batch once, then three records (two batched reads each): the fourth was reported untried.
    expect(tried() - before).toBe(4 * 2);
    expect(['kin-e', 'kin-f', 'kin-g', 'kin-h'].map(countIn)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('keeps a cluster of the same name in two spoke accounts (and the hub) apart: three clusters, three incidents', async () => {
    const secretRead = (place: string) => ({
      timestamp: 1_764_000_500_000,
      message: JSON.stringify(
        auditEvent({
          auditID: `same-name-${place}`,
          verb: 'get',
          objectRef: { resource: 'secrets', namespace: 'fleet', name: 'db' },
          responseStatus: { code: 200 },
        }),
      ),
    });
    const spokes = [
      undefined,
      { account: '222222222222', region: 'eu-west-1' },
      { account: '333333333333', region: 'us-east-1' },
    ];
    const event = {
      Records: spokes.map((spoke, i) =>
        kinesisRecord(
          subscriptionEvent('prod', 'kube-apiserver-audit-1', [secretRead(spoke?.account ?? 'hub')], 900n, spoke)
            .awslogs.data,
          900 + i,
        ),
      ),
    };

    const result = (await handler(event, context)) as KinesisBatchResult;

    expect(result).toMatchObject({ created: 3, batchItemFailures: [] });
    const alerts = [...runtime.alerts.values()].filter((a) => a.namespace === 'fleet');
    expect(alerts.map((a) => [a.cluster, a.account, a.region]).sort()).toEqual([
      ['222222222222/eu-west-1/prod', '222222222222', 'eu-west-1'],
      ['333333333333/us-east-1/prod', '333333333333', 'us-east-1'],
      ['prod', '111122223333', 'eu-west-1'],
    ]);
    const incidents = new Set(alerts.map((a) => a.incidentId));
    expect(incidents.size).toBe(3);
    // The API lists each account's own incident.
    const api = runtime.api();
    const listed = await api.incidents.list({ account: '333333333333', namespace: 'fleet', limit: 25 });
    expect(listed.items.map((i) => [i.cluster, i.region])).toEqual([['333333333333/us-east-1/prod', 'us-east-1']]);
  });
});
