import { describe, expect, it } from '@jest/globals';
import { DEFAULT_ALERT_POLICY } from '../../../../functions/core/alerts/policy.ts';
import type { Alert } from '../../../../functions/core/alerts/types.ts';
import { IncidentTransitionError } from '../../../../functions/core/incidents/errors.ts';
import {
  acknowledgeIncident,
  applyAlerts,
  resolveIncident,
  startIncident,
} from '../../../../functions/core/incidents/lifecycle.ts';
import type { Incident } from '../../../../functions/core/incidents/types.ts';
import { alert } from '../../../helpers/alert.ts';
import { derivedEntries } from '../../../../functions/core/incidents/timeline.ts';
import { mergeIncidents, removeAlert } from '../../../../functions/core/incidents/merge-split.ts';

const NOW = Date.parse('2026-11-24T02:30:00Z');
const policy = DEFAULT_ALERT_POLICY;
const etcd = alert({ id: 'fpEtcd.1', fingerprint: 'fpEtcd', severity: 'critical', version: 1 });
const node = alert({
  id: 'fpNode.1',
  fingerprint: 'fpNode',
  rule: 'node-not-ready',
  title: 'Node NotReady',
  component: 'node',
  severity: 'high',
  version: 1,
});
const start = {
  group: 'grpControlPlane0001',
  groupKey: 'control-plane|prod-eu-1',
  policy: 'control-plane',
  generation: 1,
  title: 'Control plane trouble on {cluster}: {lead}',
};

/** An incident of etcd's timeouts with the NotReady node as a symptom. */
function controlPlane(): Incident {
  const created = applyAlerts(startIncident(start, etcd, NOW), [{ alert: etcd, symptom: false }], policy, NOW);
  return applyAlerts(created.next, [{ alert: node, symptom: true }], policy, NOW).next;
}

describe('an incident and its alerts', () => {
  it('starts with its first alert, titled by its policy, and escalates at that alert’s severity', () => {
    const created = applyAlerts(startIncident(start, etcd, NOW), [{ alert: etcd, symptom: false }], policy, NOW);
    expect(created).toMatchObject({ outcome: 'created', escalate: true });
    expect(created.next).toMatchObject({
      id: 'grpControlPlane0001.1',
      title: 'Control plane trouble on prod-eu-1: etcd requests timing out',
      severity: 'critical',
      escalatedSeverity: 'critical',
      leadAlertId: 'fpEtcd.1',
      version: 1,
    });
  });

  it('records a joining symptom without paging again, and keeps the cause as the lead', () => {
    const created = applyAlerts(startIncident(start, etcd, NOW), [{ alert: etcd, symptom: false }], policy, NOW);
    const joined = applyAlerts(created.next, [{ alert: node, symptom: true }], policy, NOW);
    expect(joined.escalate).toBe(false);
    expect(joined.next.leadAlertId).toBe('fpEtcd.1');
    expect(joined.timeline).toEqual([]);
    expect(derivedEntries(joined.next).map((e) => [e.kind, e.text])).toEqual([
      [
        'created',
        'etcd requests timing out on prod-eu-1 (first seen 2026-11-24T02:15:01.000Z); grouped by control-plane',
      ],
      ['alert-joined', 'Symptom joined: Node NotReady (Pod kube-system/etcd), high'],
    ]);
  });

  it('changes nothing for an alert version it already holds (redelivery, retry)', () => {
    const incident = controlPlane();
    expect(applyAlerts(incident, [{ alert: node, symptom: true }], policy, NOW)).toMatchObject({
      outcome: 'unchanged',
      next: incident,
      escalate: false,
    });
    const older = applyAlerts(incident, [{ alert: { ...node, version: 0, count: 1 }, symptom: true }], policy, NOW);
    expect(older.outcome).toBe('unchanged');
  });

  it('re-escalates when a more severe alert that pages joins, not for one that does not page yet', () => {
    const medium = alert({ id: 'fpA.1', fingerprint: 'fpA', severity: 'medium', version: 1 });
    const opened = applyAlerts(
      startIncident(start, medium, NOW),
      [{ alert: medium, symptom: false }],
      policy,
      NOW,
    ).next;
    const burst = alert({ id: 'fpB.1', fingerprint: 'fpB', severity: 'high', minCount: 10, count: 3, version: 1 });
    expect(applyAlerts(opened, [{ alert: burst, symptom: false }], policy, NOW).escalate).toBe(false);
    const reached = applyAlerts(opened, [{ alert: { ...burst, count: 10, version: 2 }, symptom: false }], policy, NOW);
    expect(reached).toMatchObject({ escalate: true, next: { escalatedSeverity: 'high', severity: 'high' } });
  });

  it('lets symptoms page once their cause has resolved (inhibition lifts)', () => {
    const incident = controlPlane();
    const causeGone = applyAlerts(
      incident,
      [{ alert: { ...etcd, status: 'resolved', version: 2 }, symptom: false }],
      policy,
      NOW,
    );
    expect(causeGone.next.status).toBe('open');
    expect(causeGone.escalate).toBe(false);
    expect(causeGone.next.escalatedSeverity).toBe('critical');
  });

  it('resolves when its last alert resolves, and reopens when one comes back', () => {
    const incident = controlPlane();
    const one = applyAlerts(
      incident,
      [{ alert: { ...etcd, status: 'resolved', version: 2 }, symptom: false }],
      policy,
      NOW,
    );
    const both = applyAlerts(
      one.next,
      [{ alert: { ...node, status: 'resolved', version: 2 }, symptom: true }],
      policy,
      NOW,
    );
    expect(both.outcome).toBe('resolved');
    expect(both.next).toMatchObject({ status: 'resolved', resolvedBy: 'watchkeeper' });
    const back = applyAlerts(both.next, [{ alert: { ...node, version: 3 }, symptom: true }], policy, NOW);
    expect(back).toMatchObject({ outcome: 'reopened', next: { status: 'open', flaps: 1 }, escalate: true });
  });
});

describe('people and incidents', () => {
  it('acknowledge an open incident once; a second time is refused', () => {
    const acknowledged = acknowledgeIncident(controlPlane(), 'jane', NOW, 'r1').next;
    expect(acknowledged).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'jane' });
    expect(() => acknowledgeIncident(acknowledged, 'bob', NOW, 'r2')).toThrow(IncidentTransitionError);
  });

  it('resolve with a resolution', () => {
    expect(resolveIncident(controlPlane(), 'jane', 'compacted etcd', policy, NOW, 'r').next).toMatchObject({
      status: 'resolved',
      resolvedBy: 'jane',
      resolution: 'compacted etcd',
    });
  });

  it('merge: the target takes the alerts, the earliest start and the highest severity; the source closes', () => {
    const crash: Alert = alert({
      id: 'fpCrash.1',
      fingerprint: 'fpCrash',
      rule: 'crash-loop-backoff',
      severity: 'medium',
      version: 1,
    });
    const workload = {
      group: 'grpWorkload000001',
      groupKey: 'same-workload|prod-eu-1|payments|api',
      policy: 'same-workload',
      generation: 1,
      title: '{lead}',
    };
    const earlier = Date.parse('2026-11-24T02:00:00Z');
    const source = applyAlerts(
      startIncident(workload, crash, earlier),
      [{ alert: crash, symptom: false }],
      policy,
      earlier,
    ).next;
    const { source: closed, target } = mergeIncidents(source, controlPlane(), 'jane', policy, NOW, 'm1');
    expect(closed.next).toMatchObject({ status: 'resolved', mergedInto: 'grpControlPlane0001.1' });
    expect(target.next.alerts.map((a) => a.id)).toEqual(['fpEtcd.1', 'fpNode.1', 'fpCrash.1']);
    expect(target.next).toMatchObject({
      startedAt: '2026-11-24T02:00:00.000Z',
      severity: 'critical',
      merged: [source.id],
    });
    expect(() => mergeIncidents(closed.next, target.next, 'jane', policy, NOW, 'm2')).toThrow('merged into');
  });

  it('split: an alert moves out; the last alert cannot', () => {
    const incident = controlPlane();
    const left = removeAlert(incident, 'fpNode.1', 'jane', 'grpNew.1', policy, NOW, 's1');
    expect(left.next.alerts.map((a) => a.id)).toEqual(['fpEtcd.1']);
    expect(left.timeline[0]?.text).toBe('jane moved alert fpNode.1 out, into incident grpNew.1');
    expect(() => removeAlert(left.next, 'fpEtcd.1', 'jane', 'grpNew.2', policy, NOW, 's2')).toThrow('nothing to split');
  });
});
