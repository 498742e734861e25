import { describe, expect, it } from '@jest/globals';
import { DEFAULT_ALERT_POLICY } from '../../../../functions/core/alerts/policy.ts';
import type { Alert } from '../../../../functions/core/alerts/types.ts';
import { alertPrincipal, alertWorkload } from '../../../../functions/core/incidents/alert-fields.ts';
import { DEFAULT_GROUPING } from '../../../../functions/core/incidents/correlation.ts';
import { compileGrouping } from '../../../../functions/core/incidents/compile-grouping.ts';
import { GroupingConfigSchema } from '../../../../functions/core/incidents/grouping-config.ts';
import { candidatesFor, placeAlerts } from '../../../../functions/core/incidents/placement.ts';
import type { Incident } from '../../../../functions/core/incidents/types.ts';
import { alert } from '../../../helpers/alert.ts';

const NOW = Date.parse('2026-11-24T02:30:00Z');
let n = 0;
/** An alert of a rule, by an actor, about a resource, at a minute past 02:00. */
const a = (rule: string, overrides: Partial<Alert> = {}, minute = 10): Alert => {
  n++;
  const at = `2026-11-24T02:${String(minute).padStart(2, '0')}:00.000Z`;
  return alert({
    id: `fp${rule.replace(/-/g, '')}${n}.1`.slice(0, 60),
    fingerprint: `fp${rule.replace(/-/g, '')}${n}`.slice(0, 58),
    rule,
    title: rule,
    firstSeen: at,
    lastSeen: at,
    ...overrides,
  });
};
const security = (rule: string, username: string, ip = '198.51.100.7', minute = 10, cluster = 'prod-eu-1') =>
  a(
    rule,
    {
      category: 'security',
      component: 'workload',
      team: 'security',
      source: 'eks-audit',
      cluster,
      actors: [{ username, sourceIPs: [ip] }],
    },
    minute,
  );
const place = (alerts: Alert[], grouping = DEFAULT_GROUPING, latest = new Map<string, Incident | undefined>()) =>
  placeAlerts(alerts, grouping, latest, DEFAULT_ALERT_POLICY, NOW);

describe('what alerts share', () => {
  it('names the principal by its IAM ARN, else its access key, else username and source IP', () => {
    expect(
      alertPrincipal(a('x', { actors: [{ username: 'jane', arn: 'arn:aws:sts::1:assumed-role/Admin/jane' }] })),
    ).toBe('arn:aws:sts::1:assumed-role/Admin/jane');
    expect(alertPrincipal(a('x', { actors: [{ username: 'ci', accessKeyId: 'AKIAEXAMPLE' }] }))).toBe(
      'access-key:AKIAEXAMPLE',
    );
    expect(alertPrincipal(a('x', { actors: [{ username: 'jane', sourceIPs: ['10.0.0.1'] }] }))).toBe('jane@10.0.0.1');
  });

  it('skips controllers acting for someone else', () => {
    const controller = { username: 'system:serviceaccount:kube-system:replicaset-controller' };
    expect(alertPrincipal(a('x', { actors: [controller, { username: 'jane' }] }))).toBe('jane');
    expect(alertPrincipal(a('x', { actors: [controller] }))).toBeUndefined();
  });

  it.each([
    ['Pod', 'api-7d9f8c6b5-x2kqp', 'api'],
    ['Pod', 'report-28871234-xk2lp', 'report'],
    ['Pod', 'node-exporter-x2kqp', 'node-exporter'],
    ['ReplicaSet', 'checkout-5f6d7c8b9', 'checkout'],
    ['Deployment', 'search', 'search'],
    ['Node', 'ip-10-0-3-9', undefined],
  ])('finds the workload of %s %s: %s', (kind, name, workload) => {
    expect(alertWorkload(a('x', { resource: { kind, namespace: 'shop', name } }))).toBe(workload);
  });
});

describe('placing alerts into incidents', () => {
  it('puts one principal’s suspicious session into one incident', () => {
    const session = [
      security('pod-exec', 'jane'),
      security('privileged-pod-created', 'jane', undefined, 11),
      security('cluster-admin-binding', 'jane', undefined, 12),
      security('secret-read-by-human', 'jane', undefined, 13),
    ];
    const placed = place(session);
    expect(new Set([...placed.values()].map((p) => p.incidentId)).size).toBe(1);
    expect(placed.get(session[0]?.id ?? '')?.start?.policy).toBe('same-principal');
  });

  it('keeps two principals at the same minute, and one principal in two clusters, apart', () => {
    const jane = security('pod-exec', 'jane');
    const bob = security('pod-exec', 'bob', '203.0.113.9');
    const janeStaging = security('pod-exec', 'jane', undefined, 10, 'staging-eu-1');
    const placed = place([jane, bob, janeStaging]);
    expect(new Set([...placed.values()].map((p) => p.incidentId)).size).toBe(3);
  });

  it('groups a workload’s crash loop and its image pull, but not another namespace’s', () => {
    const pod = (ns: string, name: string) => ({ resource: { kind: 'Pod', namespace: ns, name }, namespace: ns });
    const crash = a('crash-loop-backoff', { component: 'workload', ...pod('payments', 'api-7d9f8c6b5-x2kqp') });
    const oom = a('container-oom-killed', { component: 'workload', ...pod('payments', 'api-7d9f8c6b5-zz9kq') }, 12);
    const pull = a('image-pull-not-found', { component: 'registry', ...pod('checkout', 'checkout-5f6d7c8b9-abcde') });
    const placed = place([crash, oom, pull]);
    expect(placed.get(crash.id)?.incidentId).toBe(placed.get(oom.id)?.incidentId);
    expect(placed.get(pull.id)?.incidentId).not.toBe(placed.get(crash.id)?.incidentId);
  });

  it('lets a control-plane failure absorb the symptoms it explains, as symptoms', () => {
    const etcd = a('etcd-request-timeout', { component: 'etcd', severity: 'critical' });
    const notReady = a('node-not-ready', { component: 'node', severity: 'high' }, 12);
    const unschedulable = a('pod-unschedulable', { component: 'kube-scheduler', severity: 'medium' }, 13);
    const placed = place([etcd, notReady, unschedulable]);
    const home = placed.get(etcd.id)?.incidentId;
    expect(placed.get(notReady.id)).toEqual({ incidentId: home, symptom: true });
    expect(placed.get(unschedulable.id)).toEqual({ incidentId: home, symptom: true });
  });

  it('gives a symptom without a cause an incident of its own (a NotReady node absorbs the evictions after it)', () => {
    const notReady = a('node-not-ready', { component: 'node', severity: 'high' });
    const evicted = a(
      'node-pods-evicted',
      { component: 'node', resource: { kind: 'Pod', name: 'api-7d9f8c6b5-x2kqp' } },
      14,
    );
    const placed = place([notReady, evicted]);
    expect(placed.get(notReady.id)?.start?.policy).toBe('nodes');
    expect(placed.get(evicted.id)).toEqual({ incidentId: placed.get(notReady.id)?.incidentId, symptom: true });
  });

  it('starts a new incident once the window has passed', () => {
    const first = security('pod-exec', 'jane', undefined, 0);
    const latest = new Map<string, Incident | undefined>();
    const firstHome = place([first], DEFAULT_GROUPING, latest).get(first.id)?.incidentId;
    const late = a('secret-read-by-human', {
      ...first,
      id: 'fpLate.1',
      fingerprint: 'fpLate',
      firstSeen: '2026-11-24T02:45:00.000Z',
    });
    const lateHome = place([late], DEFAULT_GROUPING, latest).get(late.id);
    expect(lateHome?.incidentId).not.toBe(firstHome);
    expect(lateHome?.incidentId.endsWith('.2')).toBe(true);
  });

  it('makes every alert its own incident when grouping is off', () => {
    const off = compileGrouping(GroupingConfigSchema.parse({ enabled: false }));
    const placed = place([security('pod-exec', 'jane'), security('privileged-pod-created', 'jane')], off);
    expect(new Set([...placed.values()].map((p) => p.incidentId)).size).toBe(2);
  });

  it('tries the policies users add first, and reads Alertmanager inhibition rules', () => {
    const grouping = compileGrouping(
      GroupingConfigSchema.parse({
        policies: [{ name: 'payments', match: { namespace: ['payments'] }, groupBy: ['cluster', 'namespace'] }],
        inhibit_rules: [
          {
            source_matchers: ['alertname="KubeNodeNotReady"'],
            target_matchers: ['alertname=~"KubePod.*"'],
            equal: ['cluster'],
          },
        ],
      }),
    );
    const payments = a('crash-loop-backoff', { namespace: 'payments', component: 'workload' });
    expect(candidatesFor(payments, grouping)[0]?.policy).toBe('payments');
    const label = (name: string) => ({
      rule: 'alertmanager-alert',
      source: 'alertmanager' as const,
      samples: [
        {
          eventId: 'e',
          occurredAt: '2026-11-24T02:10:00Z',
          source: 'alertmanager' as const,
          evidence: { 'label.alertname': name },
        },
      ],
    });
    const node = a('alertmanager-alert', label('KubeNodeNotReady'));
    const pod = a('alertmanager-alert', label('KubePodCrashLooping'), 12);
    const placed = place([node, pod], grouping);
    expect(placed.get(pod.id)).toEqual({ incidentId: placed.get(node.id)?.incidentId, symptom: true });
  });
});

describe('grouping configuration', () => {
  it.each([
    [{ disable: ['no-such-policy'] }, 'disable'],
    [{ policies: [{ name: 'x', groupBy: ['cluster'] }] }, 'needs match or matchers'],
    [{ policies: [{ name: 'x', match: { colour: ['red'] }, groupBy: ['cluster'] }] }, 'a field'],
    [{ policies: [{ name: 'x', matchers: ['severity=~"(("'], groupBy: ['cluster'] }] }, 'Invalid regular expression'],
    [
      { policies: [{ name: 'same-principal', match: { rule: ['x'] }, groupBy: ['cluster'] }] },
      'other than the defaults',
    ],
  ])('refuses %j, naming what is wrong', (input, message) => {
    const parsed = GroupingConfigSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain(message);
  });
});
