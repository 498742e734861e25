import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DescribeLogStreamsCommand, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { Context } from 'aws-lambda';
import { storeSignals } from '../../functions/core/ingest/ingest.ts';
import { createSweeperHandler } from '../../functions/sweeper/handler.ts';
import { cloudWatchLastEvent } from '../../functions/log-silence/handler.ts';
import { parseConfig } from '../../lib/load-config.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { signal } from '../helpers/signal.ts';

const context = {
  functionName: 'sweeper',
  awsRequestId: 'r',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;
let runtime: LocalRuntime;
let now = Date.parse('2026-11-24T10:00:00Z');
beforeAll(async () => {
  runtime = await LocalRuntime.start({ config: parseConfig({}), escalation: false, clock: () => now });
});
afterAll(async () => runtime.close());

describe('sweeper Lambda handler', () => {
  it('resolves alerts whose quiet period ended, their incident with its last alert, and tells the teams that were paged', async () => {
    // Prepare: an incident that paged operations and platform, its one alert quiet for 30 minutes.
    await storeSignals(
      [
        signal({
          fingerprint: 'fpSweepHandler00000001',
          quietPeriodMinutes: 30,
          occurredAt: new Date(now).toISOString(),
        }),
      ],
      runtime.deps,
    );
    const [incidentId] = [...runtime.incidents.keys()];
    await runtime.incidentStore.change(incidentId ?? '', (c) => ({
      outcome: 'updated',
      next: { ...c, pagedTeams: ['operations', 'platform'], version: c.version + 1 },
      timeline: [],
      escalate: false,
    }));
    const sweeper = createSweeperHandler(
      () => ({
        repository: runtime.store,
        incidents: runtime.incidentStore,
        policy: runtime.platform.settings.policy,
        notifier: runtime.outbox,
      }),
      () => now,
    );
    // Act
    now += 31 * 60_000;
    const result = await sweeper({}, context);
    // Assess
    expect(result).toEqual({ resolved: 1, escalationsStarted: 0 });
    expect((await runtime.store.getCurrent('fpSweepHandler00000001'))?.status).toBe('resolved');
    expect(await runtime.incidentStore.get(incidentId ?? '')).toMatchObject({
      status: 'resolved',
      resolution: 'Every alert resolved (the last: Container crash-looping)',
    });
    expect(runtime.outbox.entries.filter((e) => e.kind === 'resolved').map((e) => e.team)).toEqual([
      'operations',
      'platform',
    ]);
  });
});

describe('log-silence adapter (CloudWatch Logs has no local implementation)', () => {
  it('asks for the newest stream of the cluster log group and reads its last event time', async () => {
    const sent: unknown[] = [];
    const logs = {
      send: async (command: unknown) => {
        sent.push(command);
        return { logStreams: [{ logStreamName: 'kube-apiserver-audit-1', lastEventTimestamp: 1_764_000_000_000 }] };
      },
    } as unknown as CloudWatchLogsClient;
    expect(await cloudWatchLastEvent(logs)('prod-eu-1')).toBe(1_764_000_000_000);
    expect(sent[0]).toBeInstanceOf(DescribeLogStreamsCommand);
    expect((sent[0] as DescribeLogStreamsCommand).input).toEqual({
      logGroupName: '/aws/eks/prod-eu-1/cluster',
      orderBy: 'LastEventTime',
      descending: true,
      limit: 1,
    });
  });

  it("reads a spoke's cluster in its own account and region, through the client for that spoke", async () => {
    const asked: Array<[string, unknown]> = [];
    const client = (name: string) =>
      ({
        send: async (command: DescribeLogStreamsCommand) => {
          asked.push([name, command.input.logGroupName]);
          return { logStreams: [{ lastEventTimestamp: name === 'home' ? 1 : 2 }] };
        },
      }) as unknown as CloudWatchLogsClient;
    const spokes: string[] = [];
    const lookup = cloudWatchLastEvent(client('home'), (account, region) => {
      spokes.push(`${account} ${region}`);
      return client(`${account}/${region}`);
    });

    expect(await lookup('prod')).toBe(1);
    expect(await lookup('222222222222/us-east-1/prod')).toBe(2);

    expect(asked).toEqual([
      ['home', '/aws/eks/prod/cluster'],
      ['222222222222/us-east-1', '/aws/eks/prod/cluster'],
    ]);
    expect(spokes).toEqual(['222222222222 us-east-1']);
  });

  it('treats a missing log group as silence, not as a failure', async () => {
    const logs = {
      send: async () => {
        throw new ResourceNotFoundException({ message: 'The specified log group does not exist.', $metadata: {} });
      },
    } as unknown as CloudWatchLogsClient;
    expect(await cloudWatchLastEvent(logs)('gone')).toBeUndefined();
  });
});
