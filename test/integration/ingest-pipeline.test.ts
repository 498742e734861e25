import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AlertStore } from '../../functions/adapters/alert-store.ts';
import { deliveryId } from '../../functions/core/ingest/delivery-id.ts';
import { ingestDelivery } from '../../functions/core/ingest/ingest.ts';
import { decodeInput } from '../../functions/core/sources/decode-input.ts';
import { parseConfig } from '../../lib/load-config.ts';
import { auditTraffic } from '../../local/demo/audit-traffic.ts';
import { subscriptionEvent } from '../../local/demo/subscription.ts';
import { LocalRuntime } from '../../local/runtime.ts';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await LocalRuntime.start({ config: parseConfig({}), cluster: 'test', escalation: false });
});
afterAll(async () => runtime.close());

const delivery = (cluster: string, firstId: bigint, extra: string[] = []) => {
  const lines = [
    ...auditTraffic({ count: 200, suspiciousEvery: 10, seed: Number(firstId) + 7 }).map((e) => JSON.stringify(e)),
    ...extra,
  ];
  return {
    file: `${cluster}.json`,
    text: JSON.stringify(
      subscriptionEvent(
        cluster,
        'kube-apiserver-audit-1',
        lines.map((message, i) => ({ timestamp: 1_764_000_000_000 + i, message })),
        firstId,
      ),
    ),
  };
};

const incidentsOf = async (cluster: string) => {
  const found = [...runtime.alerts.values()].filter((i) => i.cluster === cluster);
  const current = await runtime.store.getCurrentMany(found.map((i) => i.fingerprint));
  return [...current.values()].map((i) => [i.rule, i.count]).sort();
};

describe('ingestion pipeline (real handler, dynalite)', () => {
  it('gives identical incidents and counts when the same delivery arrives three times', async () => {
    // Prepare
    const input = delivery('triple', 0n);
    // Act
    const first = await runtime.deliver(input);
    const afterOne = await incidentsOf('triple');
    const writesAfterOne = runtime.dynamo.counter.writes;
    await runtime.deliver(input);
    const third = await runtime.deliver(input);
    // Assess
    expect(first.created).toBeGreaterThan(3);
    expect(third).toMatchObject({ created: 0, updated: 0, duplicates: first.fingerprints });
    expect(await incidentsOf('triple')).toEqual(afterOne);
    expect(runtime.dynamo.counter.writes).toBe(writesAfterOne);
  });

  it('gives exact counts when a crash after the k-th write is followed by a retry', async () => {
    // Prepare: the reference run on a healthy store.
    const reference = delivery('reference', 1000n);
    await runtime.deliver(reference);
    const expected = await incidentsOf('reference');
    const input = delivery('crash', 1000n);
    const decoded = decodeInput(input.text, { file: input.file });
    let writes = 0;
    const k = 3;
    const crashing = new Proxy(runtime.doc, {
      get(target, prop, receiver) {
        if (prop !== 'send') return Reflect.get(target, prop, receiver);
        return async (command: unknown) => {
          if (command instanceof UpdateCommand && ++writes > k) throw new Error('simulated crash: Lambda timed out');
          return target.send(command as never);
        };
      },
    }) as DynamoDBDocumentClient;
    const crashingStore = new AlertStore(crashing, runtime.dynamo.tableName, runtime.platform.settings.policy);
    // Act
    await expect(
      ingestDelivery(decoded, deliveryId(input.text), { ...runtime.deps, alerts: crashingStore }),
    ).rejects.toThrow('simulated crash');
    const partial = await incidentsOf('crash');
    await runtime.deliver(input);
    await runtime.deliver(input);
    // Assess
    expect(partial.length).toBeLessThan(expected.length);
    expect((await incidentsOf('crash')).map(([rule, count]) => [rule, count])).toEqual(expected);
  });

  it('quarantines a corrupt event with its reason and still stores the valid events beside it', async () => {
    const input = delivery('corrupt', 5000n, [
      '{"kind":"Event","apiVersion":"audit.k8s.io/v1","verb":"get","user":{"username":"x"},"obj',
      'not json at all',
    ]);
    const summary = await runtime.deliver(input);
    expect(summary.quarantined).toBe(2);
    expect(summary.created).toBeGreaterThan(3);
    const reasons = [...runtime.quarantine.records.values()]
      .filter((r) => r.delivery === deliveryId(JSON.parse(input.text).awslogs.data))
      .map((r) => r.reason);
    expect(reasons).toEqual([expect.stringContaining('not valid JSON'), expect.stringContaining('not valid JSON')]);
    // Redelivery does not add to the quarantine.
    expect((await runtime.deliver(input)).quarantined).toBe(0);
  });

  it('quarantines a payload that cannot be decoded at all, without failing the invocation', async () => {
    const summary = await runtime.deliver({
      file: 'bad.json',
      text: JSON.stringify({ awslogs: { data: 'H4sIAAAAAAAAA+bad' } }),
    });
    expect(summary).toMatchObject({ quarantined: 1, signals: 0 });
  });
});
