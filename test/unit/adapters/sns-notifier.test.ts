import { describe, expect, it } from '@jest/globals';
import type { SNSClient } from '@aws-sdk/client-sns';
import { PublishCommand } from '@aws-sdk/client-sns';
import { SnsNotifier, UnknownTopicError } from '../../../functions/adapters/sns-notifier.ts';
import { pageNotification, resolvedNotification } from '../../../functions/core/escalation/messages.ts';
import { alert } from '../../helpers/alert.ts';
import { incidentOf } from '../../helpers/incident.ts';
import { SMS_MAX, smsBody } from '../../../functions/core/notifications/notification.ts';

const ID = incidentOf().id;

/** SNS has no local implementation: a client that records the commands it is sent. */
function recordingSns() {
  const sent: unknown[] = [];
  const client = {
    send: async (command: unknown) => {
      sent.push(command);
      return { MessageId: 'm-1' };
    },
  } as unknown as SNSClient;
  return { client, sent };
}

const TOPICS = {
  operations: 'arn:aws:sns:eu-west-1:111122223333:ops',
  platform: 'arn:aws:sns:eu-west-1:111122223333:platform',
};
const page = (overrides = {}) =>
  pageNotification(incidentOf([alert(overrides)]), {
    tier: 2,
    round: 0,
    audience: 'member',
    team: 'platform',
    kind: 'page',
    ackUrl: 'https://api.example.com/prod/ack/eyJpIjoiZnAifQ.c2ln',
    incidentUrl: `https://api.example.com/prod/incidents/${ID}`,
  });

describe('SNS notifier', () => {
  it('publishes exactly: topic, subject, per-protocol bodies as MessageStructure json, and filterable attributes', async () => {
    // Prepare
    const { client, sent } = recordingSns();
    // Act
    await new SnsNotifier(client, TOPICS).publish(page());
    // Assess
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(PublishCommand);
    const input = (sent[0] as PublishCommand).input;
    expect(input).toEqual({
      TopicArn: TOPICS.platform,
      Subject: '[CRITICAL] etcd requests timing out on prod-eu-1 (1 alert)',
      MessageStructure: 'json',
      Message: expect.any(String),
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'critical' },
        team: { DataType: 'String', StringValue: 'platform' },
        cluster: { DataType: 'String', StringValue: 'prod-eu-1' },
        component: { DataType: 'String', StringValue: 'etcd' },
        category: { DataType: 'String', StringValue: 'reliability' },
        tier: { DataType: 'Number', StringValue: '2' },
        incidentId: { DataType: 'String', StringValue: ID },
        kind: { DataType: 'String', StringValue: 'page' },
        audience: { DataType: 'String.Array', StringValue: '["member"]' },
      },
    });
    const bodies = JSON.parse(input.Message!);
    expect(Object.keys(bodies).sort()).toEqual(['default', 'email', 'https', 'lambda', 'sms', 'sqs']);
    expect(bodies.email).toContain(
      'Acknowledge (no login needed): https://api.example.com/prod/ack/eyJpIjoiZnAifQ.c2ln',
    );
    expect(bodies.email).toContain(
      'Since:           2026-11-24T02:15:01.000Z (last 2026-11-24T02:19:00.000Z), 42 occurrences',
    );
    expect(bodies.email).toContain('rules/runbooks/etcd-request-timeout.md');
    expect(JSON.parse(bodies.https)).toMatchObject({
      kind: 'page',
      incidentId: ID,
      tier: 2,
      ackUrl: expect.stringContaining('/ack/'),
    });
    expect(bodies.sms.length).toBeLessThanOrEqual(SMS_MAX);
  });

  it('cuts a long message to SMS length without cutting the incident id', () => {
    const long = page({
      title: 'A very long title that goes on and on about what happened to the control plane of this cluster '.repeat(
        3,
      ),
    });
    const sms = JSON.parse(JSON.stringify(long.bodies)).sms as string;
    expect(sms.length).toBe(SMS_MAX);
    expect(sms.endsWith(` id:${ID}`)).toBe(true);
    expect(sms).toContain('…');
    expect(smsBody('short', 'x.1')).toBe('short id:x.1');
  });

  it('sends the resolution to a paged team', async () => {
    const { client, sent } = recordingSns();
    await new SnsNotifier(client, TOPICS).publish(
      resolvedNotification(
        incidentOf(
          [alert()],
          {},
          {
            status: 'resolved',
            resolvedBy: 'jane',
            resolution: 'defragmented etcd',
            resolvedAt: '2026-11-24T03:00:00.000Z',
          },
        ),
        'operations',
      ),
    );
    const input = (sent[0] as PublishCommand).input;
    expect(input.TopicArn).toBe(TOPICS.operations);
    expect(input.Subject).toBe('[RESOLVED] etcd requests timing out on prod-eu-1');
    expect(JSON.parse(input.Message!).email).toContain(
      'Resolved by jane at 2026-11-24T03:00:00.000Z: defragmented etcd',
    );
    expect(input.MessageAttributes!.kind.StringValue).toBe('resolved');
  });

  it('speaks of the incident: its alerts, the probable cause of its symptoms, the principal and the change before', () => {
    const etcd = alert({ id: 'fpEtcd.1', fingerprint: 'fpEtcd' });
    const node = alert({
      id: 'fpNode.1',
      fingerprint: 'fpNode',
      rule: 'node-not-ready',
      title: 'Node not ready',
      severity: 'high',
      resource: { kind: 'Node', name: 'ip-10-0-3-9' },
    });
    const incident = incidentOf([etcd, node], { policy: 'control-plane', symptoms: ['fpNode.1'] });
    const notification = pageNotification(incident, {
      tier: 1,
      round: 0,
      audience: 'member',
      team: 'operations',
      kind: 'page',
      ackUrl: 'https://x/ack/t',
      incidentUrl: 'https://x/i',
      precedingChange: {
        cluster: 'prod-eu-1',
        at: '2026-11-24T02:10:00Z',
        eventId: 'e1',
        source: 'cloudtrail',
        rule: 'eks-cluster-version-updated',
        title: 'Cluster version updated',
        actor: 'arn:aws:iam::1:role/admin',
        what: 'UpdateClusterVersion',
      },
    });
    const email = notification.bodies.email;
    expect(email).toContain('Probable cause:  etcd requests timing out, which explains 1 symptom (Node not ready)');
    expect(email).toContain('Alerts:          2 (the leading one and 1 related)');
    expect(email).toContain('  - Node not ready (Node ip-10-0-3-9): high, 42×, open, symptom');
    expect(email).toContain(
      'Changed before:  arn:aws:iam::1:role/admin UpdateClusterVersion at 2026-11-24T02:10:00Z (Cluster version updated)',
    );
    expect(notification.bodies.sms).toContain('etcd requests timing out +1 related');
    const principal = incidentOf(
      [alert({ actors: [{ username: 'jane' }] })],
      { policy: 'same-principal' },
      { subject: 'jane' },
    );
    expect(
      pageNotification(principal, {
        tier: 1,
        round: 0,
        audience: 'member',
        team: 'operations',
        kind: 'page',
        ackUrl: 'a',
        incidentUrl: 'i',
      }).bodies.email,
    ).toContain('Principal:       jane');
  });

  it('refuses a team without a topic', async () => {
    await expect(new SnsNotifier(recordingSns().client, TOPICS).publish({ ...page(), team: 'nobody' })).rejects.toThrow(
      UnknownTopicError,
    );
  });
});
