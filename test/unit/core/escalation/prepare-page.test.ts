import { describe, expect, it } from '@jest/globals';
import { DEFAULT_ESCALATION } from '../../../../functions/core/escalation/config.ts';
import { planEscalation } from '../../../../functions/core/escalation/plan.ts';
import { preparePage } from '../../../../functions/core/escalation/prepare-page.ts';
import type { Silence } from '../../../../functions/core/silences/silence.ts';
import { alert } from '../../../helpers/alert.ts';
import { incidentOf } from '../../../helpers/incident.ts';

const NOW = Date.parse('2026-11-24T10:00:00Z');
const open = incidentOf([alert({ severity: 'high' })]);
const plan = planEscalation(open, { pk: 'GRP#g', sk: 'GEN#000000001' }, DEFAULT_ESCALATION, NOW);
const links = {
  ackUrl: (_i: unknown, audience: string) => `https://x/ack/${audience.replace(/ /g, '_')}`,
  actionUrl: (_i: unknown, actionId: string, audience: string) =>
    `https://x/act/${actionId}/${audience.replace(/ /g, '_')}`,
  incidentUrl: () => 'https://x/i',
};
const silence: Silence = {
  id: 'mw-1',
  matchers: { cluster: ['prod-eu-1'] },
  startsAt: '2026-11-24T09:00:00Z',
  endsAt: '2026-11-24T11:00:00Z',
  createdBy: 'jane',
  comment: 'etcd maintenance',
  createdAt: '2026-11-24T08:00:00Z',
};

describe('preparing a page', () => {
  it('pages the step of the plan with its wait, a link for its audience, and a timeline entry keyed by execution and step', () => {
    // Act
    const first = preparePage(plan, 0, false, open, [], links, NOW);
    const second = preparePage(plan, 1, false, open, [], links, NOW);

    // Assess
    expect(first).toMatchObject({
      waitSeconds: 900,
      silencedBy: undefined,
      notification: { team: 'operations', kind: 'page' },
    });
    expect(first.notification.bodies.email).toContain('https://x/ack/operations_tier_1');
    expect(first.timeline).toMatchObject({
      kind: 'paged',
      text: 'Paged operations tier 1',
      key: expect.stringMatching(/-high-0$/),
    });
    expect(second.notification.team).toBe('platform');
    expect(second.timeline.key).not.toBe(first.timeline.key);
  });

  it('records a suppressed page when a silence covers the incident, and still waits', () => {
    const page = preparePage(plan, 0, false, open, [silence], links, NOW);
    expect(page.silencedBy).toBe('mw-1');
    expect(page).toMatchObject({ waitSeconds: 900, timeline: { kind: 'silenced' } });
    expect(page.timeline.text).toContain('suppressed by silence mw-1 (etcd maintenance)');
  });

  it('tells the last resort on the tier after the last one, and says the tiers are exhausted', () => {
    const page = preparePage(plan, 0, true, open, [], links, NOW);
    expect(page.notification).toMatchObject({ kind: 'last-resort', team: 'operations' });
    expect(page.notification.attributes.tier).toBe(4);
    expect(page.timeline).toMatchObject({ kind: 'exhausted', key: expect.stringMatching(/-last$/) });
  });

  it('pages an incident unless every alert it pages for is silenced', () => {
    const etcd = alert({ id: 'fpEtcd.1', fingerprint: 'fpEtcd', severity: 'high' });
    const staging = alert({ id: 'fpStaging.1', fingerprint: 'fpStaging', cluster: 'staging', severity: 'high' });
    const both = incidentOf([etcd, staging]);
    expect(preparePage(plan, 0, false, both, [silence], links, NOW).silencedBy).toBeUndefined();
    const covering = { ...silence, id: 'mw-2', matchers: { cluster: ['prod-eu-1', 'staging'] } };
    expect(preparePage(plan, 0, false, both, [covering], links, NOW).silencedBy).toBe('mw-2');
  });

  it("lists the incident's actions with a link to approve or reject those that wait for a person", () => {
    const base = { mode: 'approve', alertId: open.alerts[0]!.id, rule: 'r', ruleAction: 0, proposedAt: 'x' } as const;
    const acting = {
      ...open,
      actions: [
        { ...base, id: 'a1', kind: 'cordon-node', params: { node: 'ip-10-0-1-5' }, status: 'awaiting-approval' },
        {
          ...base,
          id: 'a2',
          kind: 'collect-evidence',
          params: { objectKind: 'Node', name: 'ip-10-0-1-5' },
          status: 'succeeded',
        },
        { ...base, id: 'a3', kind: 'drain-node', params: { node: 'ip-10-0-1-5' }, status: 'rejected' },
      ],
    } as const;
    const page = preparePage(plan, 0, false, acting, [], links, NOW);
    const email = page.notification.bodies.email;
    expect(email).toContain(
      'Cordon node ip-10-0-1-5: no new pods are scheduled on it (awaiting-approval): approve or reject: https://x/act/a1/operations_tier_1',
    );
    expect(email).toContain(
      'Collect the recent events and the description of Node ip-10-0-1-5 into the incident: succeeded',
    );
    expect(email).not.toContain('https://x/act/a3');
    expect(JSON.parse(page.notification.bodies.https).actions.map((a: { decideUrl?: string }) => a.decideUrl)).toEqual([
      'https://x/act/a1/operations_tier_1',
      undefined,
      undefined,
    ]);
    // No actions, no "Actions:" block.
    expect(preparePage(plan, 0, false, open, [], links, NOW).notification.bodies.email).not.toContain('Actions:');
  });

  it('refuses a step the plan does not have', () => {
    expect(() => preparePage(plan, 9, false, open, [], links, NOW)).toThrow(RangeError);
  });
});
