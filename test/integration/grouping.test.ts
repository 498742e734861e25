import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../lib/load-config.ts';
import type { Caller } from '../../local/demo/builders.ts';
import { controlPlane, suspicious, warningEvent } from '../../local/demo/builders.ts';
import type { LogLine } from '../../local/demo/subscription.ts';
import { subscriptionEvent } from '../../local/demo/subscription.ts';
import type { NamedInput } from '../../local/read-inputs.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { guardDutyEvent } from '../helpers/external-events.ts';
import type { Observed } from '../helpers/crowded-pipeline.ts';
import { NOW, pipeline, referenceRun } from '../helpers/crowded-pipeline.ts';

// Grouping against dynalite and the synthesized state machine, through the real ingest handler (a crash at
// each write of the busiest delivery: grouping-crash-*.test.ts).
const at = (seconds: number) => NOW - 10 * 60_000 + seconds * 1000;

let firstId = 0n;
/** One subscription delivery of `stream` lines for `cluster`. */
const delivery = (cluster: string, stream: string, lines: LogLine[]): NamedInput => {
  firstId += 1000n;
  return {
    file: `${cluster}-${stream}.json`,
    text: JSON.stringify(subscriptionEvent(cluster, stream, lines, firstId)),
  };
};

describe('grouping is exactly-once (dynalite, synthesized state machine)', () => {
  let reference: Observed;
  beforeAll(async () => {
    ({ reference } = await referenceRun());
  });

  it('gives the crowded minutes as five incidents, each paged', () => {
    expect(reference.incidents).toHaveLength(5);
    expect(reference.alerts).toHaveLength(11);
    expect(new Set(reference.pages.map((p) => p.split(' ')[0])).size).toBe(5);
  });

  it('gives the same alerts, incidents, counts and pages when every delivery arrives three times', async () => {
    const thrice = await pipeline(async (runtime, inputs) => {
      for (const input of inputs) for (let i = 0; i < 3; i++) await runtime.deliver(input);
    });
    expect(thrice).toEqual(reference);
  });

  it('gives the same when the escalations cannot be started and the delivery is retried', async () => {
    const recovered = await pipeline(async (runtime, inputs) => {
      const launcher = runtime.workflow!;
      const start = launcher.start.bind(launcher);
      launcher.start = async () => {
        throw new Error('simulated crash: StartExecution timed out');
      };
      await expect(runtime.deliver(inputs[0])).rejects.toThrow('simulated crash');
      launcher.start = start;
      for (const input of inputs) await runtime.deliver(input);
    });
    expect(recovered).toEqual(reference);
  });
});

describe('what stays apart', () => {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    runtime = await LocalRuntime.start({ config: parseConfig({}), clock: () => NOW, escalation: false });
  });
  afterAll(async () => runtime.close());

  const incidentsOf = async (cluster: string) =>
    (await runtime.currentIncidents())
      .filter((i) => i.cluster === cluster && !i.mergedInto)
      .map((i) => [i.policy, i.subject, i.alerts.map((a) => a.rule).sort()])
      .sort();

  const ann: Caller = {
    username: 'ann@example.com',
    ip: '198.51.100.1',
    arn: 'arn:aws:sts::111122223333:assumed-role/dev/ann',
  };
  const bob: Caller = {
    username: 'bob@example.com',
    ip: '198.51.100.2',
    arn: 'arn:aws:sts::111122223333:assumed-role/dev/bob',
  };

  it('two principals acting in the same minute are two incidents; each principal’s alerts are one', async () => {
    await runtime.deliver(
      delivery('apart-1', 'kube-apiserver-audit-a', [
        suspicious.exec(at(0), ann, 'tools', 'box-0'),
        suspicious.exec(at(5), bob, 'tools', 'box-0'),
        suspicious.privilegedPod(at(10), ann, 'tools', 'ann-shell'),
        suspicious.clusterAdminBinding(at(20), bob, 'bob-admin'),
      ]),
    );
    expect(await incidentsOf('apart-1')).toEqual([
      ['same-principal', ann.arn, ['pod-exec', 'privileged-pod-created']],
      ['same-principal', bob.arn, ['cluster-admin-binding', 'pod-exec']],
    ]);
  });

  it('the same principal on two clusters is two incidents', async () => {
    for (const cluster of ['apart-2a', 'apart-2b'])
      await runtime.deliver(
        delivery(cluster, 'kube-apiserver-audit-b', [
          suspicious.privilegedPod(at(0), ann, 'tools', 'ann-shell'),
          suspicious.secretRead(at(5), ann, 'payments', 'db'),
        ]),
      );
    const both = [['same-principal', ann.arn, ['privileged-pod-created', 'secret-read-by-human']]];
    expect(await incidentsOf('apart-2a')).toEqual(both);
    expect(await incidentsOf('apart-2b')).toEqual(both);
  });

  it('a crash loop in payments and an image pull failure in checkout are two incidents, each workload one', async () => {
    const pod = (namespace: string, name: string) => ({ kind: 'Pod', namespace, name });
    await runtime.deliver(
      delivery('apart-3', 'kube-apiserver-audit-c', [
        warningEvent(
          at(0),
          pod('payments', 'api-7d9f8c6b5-x2kqp'),
          'BackOff',
          'Back-off restarting failed container api',
        ),
        warningEvent(
          at(1),
          pod('payments', 'api-7d9f8c6b5-q8zzt'),
          'OOMKilling',
          'Memory cgroup out of memory: Killed process 4242 (api)',
        ),
        warningEvent(
          at(2),
          pod('checkout', 'web-5d6c7b8a9-abcde'),
          'Failed',
          'Failed to pull image "web:v9": manifest unknown',
        ),
      ]),
    );
    const incidents = await incidentsOf('apart-3');
    expect(incidents.map(([policy, subject]) => [policy, subject])).toEqual([
      ['same-workload', 'api'],
      ['same-workload', 'web'],
    ]);
    expect(incidents[0][2]).toContain('crash-loop-backoff');
    expect(incidents[1][2]).toEqual(['image-pull-not-found']);
  });

  it('symptoms that came first are absorbed by the control-plane cause that explains them', async () => {
    await runtime.deliver(
      delivery('absorb', 'kube-controller-manager-d', [controlPlane.nodeNotReady(at(0), 'ip-10-0-3-9.ec2.internal')]),
    );
    await runtime.deliver(
      delivery('absorb', 'kube-scheduler-d', [controlPlane.unschedulable(at(5), 'batch/job-1-abcde')]),
    );
    const before = await incidentsOf('absorb');
    await runtime.deliver(delivery('absorb', 'kube-apiserver-d', [controlPlane.etcdTimeout(at(30))]));
    expect(before.flatMap(([, , rules]) => rules as string[]).sort()).toEqual(['node-not-ready', 'pod-unschedulable']);
    expect(await incidentsOf('absorb')).toEqual([
      ['control-plane', undefined, ['etcd-request-timeout', 'node-not-ready', 'pod-unschedulable']],
    ]);
    const merged = (await runtime.currentIncidents()).filter((i) => i.cluster === 'absorb' && i.mergedInto);
    expect(merged.length).toBeGreaterThan(0);
    const timeline = await runtime.api().incidents.timeline(merged[0].mergedInto!);
    expect(JSON.stringify(timeline)).toContain('watchkeeper (probable cause)');
  });
});

describe('a GuardDuty attack sequence', () => {
  it('becomes one critical incident that absorbs the findings before it, and pages once', async () => {
    const runtime = await LocalRuntime.start({ config: parseConfig({}), clock: () => NOW });
    try {
      const event = (detail: Record<string, unknown>, id: string) => ({
        file: `${id}.json`,
        text: JSON.stringify({
          ...guardDutyEvent(),
          id,
          detail: { ...(guardDutyEvent().detail as Record<string, unknown>), ...detail },
        }),
      });
      const findings = ['f1000000000000000000000000000001', 'f1000000000000000000000000000002'];
      await runtime.deliver(event({ id: findings[0], type: 'Execution:Kubernetes/ExecInKubeSystemPod' }, 'gd-1'));
      await runtime.deliver(
        event({ id: findings[1], type: 'PrivilegeEscalation:Kubernetes/PrivilegedContainer' }, 'gd-2'),
      );
      await runtime.deliver(
        event(
          {
            id: 'c9e8d7f6a5b4c3d2e1f0a9b8c7d6e5f4',
            type: 'AttackSequence:EKS/CompromisedCluster',
            severity: 9.2,
            title: 'Potential compromise of EKS cluster prod-eu-1',
            service: {
              count: 1,
              detection: {
                sequence: {
                  uid: 'seq-1',
                  description: 'Exec into a system pod, then a privileged container',
                  signals: findings.map((f) => ({
                    uid: `arn:aws:guardduty:eu-west-1:111122223333:detector/d1/finding/${f}`,
                    type: 'FINDING',
                  })),
                  resources: [
                    { uid: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod-eu-1', resourceType: 'AWS::EKS::Cluster' },
                  ],
                },
              },
            },
          },
          'gd-seq',
        ),
      );
      await runtime.settle();

      const open = (await runtime.currentIncidents()).filter((i) => !i.mergedInto);
      expect(open.map((i) => [i.policy, i.severity, i.alerts.map((a) => [a.rule, a.symptom === true])])).toEqual([
        [
          'attack-sequence',
          'critical',
          [
            ['guardduty-attack-sequence', false],
            ['guardduty-finding', true],
            ['guardduty-finding', true],
          ],
        ],
      ]);
      const sequence = [...runtime.alerts.values()].find((a) => a.rule === 'guardduty-attack-sequence');
      expect(sequence?.samples[0]?.evidence['finding.signals']).toEqual(findings);
      expect(runtime.outbox.firstPages).toBe(1);
    } finally {
      await runtime.close();
    }
  });
});
