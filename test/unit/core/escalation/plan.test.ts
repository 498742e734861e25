import { describe, expect, it } from '@jest/globals';
import { isBusinessHours, nextBusinessHoursStart, zonedTime } from '../../../../functions/core/escalation/calendar.ts';
import { DEFAULT_ESCALATION, EscalationConfigSchema } from '../../../../functions/core/escalation/config.ts';
import { executionName, planEscalation, routeIncident } from '../../../../functions/core/escalation/plan.ts';
import type { Alert } from '../../../../functions/core/alerts/types.ts';
import type { Incident } from '../../../../functions/core/incidents/types.ts';
import { alert } from '../../../helpers/alert.ts';
import { incidentOf } from '../../../helpers/incident.ts';

const incident = (overrides: Partial<Alert> = {}): Incident =>
  incidentOf([
    alert({
      id: 'fpPlanTest00000001.1',
      fingerprint: 'fpPlanTest00000001',
      severity: 'high',
      rule: 'node-not-ready',
      title: 'Node not ready',
      component: 'node',
      team: 'platform',
      source: 'eks-controller-manager',
      ...overrides,
    }),
  ]);
const KEY = { pk: 'GRP#g', sk: 'GEN#000000001' };
const SUNDAY_0200 = Date.parse('2026-11-22T02:00:00Z');
const TUESDAY_1000 = Date.parse('2026-11-24T10:00:00Z');

describe('escalation planning', () => {
  it("pages operations first, then the owner team, then its escalation contact, with the severity's timeouts", () => {
    const plan = planEscalation(incident(), KEY, DEFAULT_ESCALATION, TUESDAY_1000);
    expect(plan.steps.map((s) => [s.tier, s.team, s.audience, s.waitSeconds])).toEqual([
      [1, 'operations', 'member', 900],
      [2, 'platform', 'member', 900],
      [3, 'platform', 'escalation', 1800],
    ]);
    expect(plan.lastResort).toEqual({ team: 'operations', audience: 'escalation' });
    expect(plan.deferUntil).toBeUndefined();
  });

  it('repeats the tiers for critical incidents', () => {
    const plan = planEscalation(incident({ severity: 'critical' }), KEY, DEFAULT_ESCALATION, TUESDAY_1000);
    expect(plan.steps.map((s) => `${s.round}:${s.tier}`)).toEqual(['0:1', '0:2', '0:3', '1:1', '1:2', '1:3']);
  });

  it('defers a medium incident at 02:00 on a Sunday to Monday 08:00, and pages a critical one at once', () => {
    expect(planEscalation(incident({ severity: 'medium' }), KEY, DEFAULT_ESCALATION, SUNDAY_0200).deferUntil).toBe(
      '2026-11-23T08:00:00.000Z',
    );
    expect(
      planEscalation(incident({ severity: 'critical' }), KEY, DEFAULT_ESCALATION, SUNDAY_0200).deferUntil,
    ).toBeUndefined();
  });

  it('shortens timeouts and raises severity during a peak period of the cluster, and for a gold SLA tier', () => {
    const config = EscalationConfigSchema.parse({
      ...DEFAULT_ESCALATION,
      peakPeriods: [
        {
          name: 'black-friday week',
          start: '2026-11-23',
          end: '2026-11-30',
          clusters: ['prod-eu-1'],
          timeoutFactor: 0.5,
          raiseSeverity: true,
        },
      ],
      clusterSlaTiers: { 'prod-eu-1': 'gold' },
    });
    const plan = planEscalation(incident({ severity: 'medium' }), KEY, config, TUESDAY_1000);
    expect(plan.severity).toBe('high');
    expect(plan.steps.map((s) => s.waitSeconds)).toEqual([225, 225, 450]);
    expect(
      planEscalation(incident({ severity: 'medium', cluster: 'staging' }), KEY, config, TUESDAY_1000).steps.map(
        (s) => s.waitSeconds,
      ),
    ).toEqual([3600, 3600]);
  });

  it('routes by matchers, first match wins, and pages nobody for info', () => {
    const config = EscalationConfigSchema.parse({
      ...DEFAULT_ESCALATION,
      routes: [{ match: { namespace: ['payments'] }, team: 'development', tier1Team: 'platform' }],
    });
    expect(routeIncident(incident({ namespace: 'payments' }), config)).toEqual({
      ownerTeam: 'development',
      tier1Team: 'platform',
    });
    expect(routeIncident(incident({ namespace: 'other' }), config)).toEqual({
      ownerTeam: 'platform',
      tier1Team: 'operations',
    });
    expect(planEscalation(incident({ severity: 'info' }), KEY, config, TUESDAY_1000).steps).toEqual([]);
  });

  it('names executions per generation and severity, within Step Functions limits', () => {
    expect(executionName('fpPlanTest00000001.2', 'high')).toBe('fpPlanTest00000001_2-high');
    expect(executionName('fpPlanTest00000001.2', 'high')).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  });
});

describe('business-hours calendar', () => {
  const amsterdam = { timezone: 'Europe/Amsterdam', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:30' };

  it('converts local wall-clock times across DST', () => {
    expect(new Date(zonedTime(2026, 7, 1, 9 * 60, 'Europe/Amsterdam')).toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(new Date(zonedTime(2026, 12, 1, 9 * 60, 'Europe/Amsterdam')).toISOString()).toBe('2026-12-01T08:00:00.000Z');
  });

  it.each([
    ['2026-11-24T08:30:00Z', true],
    ['2026-11-24T16:29:00Z', true],
    ['2026-11-24T16:30:00Z', false],
    ['2026-11-22T10:00:00Z', false],
  ])('%s is business hours in Amsterdam: %s', (at, expected) => {
    expect(isBusinessHours(Date.parse(at), amsterdam)).toBe(expected);
  });

  it('finds the next start after a Friday evening', () => {
    expect(new Date(nextBusinessHoursStart(Date.parse('2026-11-27T18:00:00Z'), amsterdam)).toISOString()).toBe(
      '2026-11-30T08:00:00.000Z',
    );
  });
});
