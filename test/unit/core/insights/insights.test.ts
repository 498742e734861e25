import { describe, expect, it } from '@jest/globals';
import type { ResolutionRecord } from '../../../../functions/core/insights/insights.ts';
import { insightsOf, resolutionRecord } from '../../../../functions/core/insights/insights.ts';
import { alert } from '../../../helpers/alert.ts';
import { incidentOf } from '../../../helpers/incident.ts';

const T0 = Date.parse('2026-11-23T08:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const record = (n: number, overrides: Partial<ResolutionRecord> = {}): ResolutionRecord => ({
  id: `inc${n}.1`,
  team: 'platform',
  cluster: 'prod-eu-1',
  rule: 'etcd-request-timeout',
  severity: 'critical',
  startedAt: at(n * 60),
  acknowledgedAt: at(n * 60 + n),
  resolvedAt: at(n * 60 + 10 * n),
  pages: n,
  alerts: 1,
  occurrences: n * 2,
  ...overrides,
});

describe('insights', () => {
  it('gives median and p90 times to acknowledge and resolve, in minutes, overall and per team', () => {
    const records = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => record(n, { team: n <= 5 ? 'platform' : 'security' }));
    const insights = insightsOf(records, at(0), at(1000));
    expect(insights.overall).toEqual({
      incidents: 10,
      mtta: { median: 5, p90: 9, count: 10 },
      mttr: { median: 50, p90: 90, count: 10 },
      pagesPerIncident: 5.5,
    });
    expect(insights.byTeam.map((t) => [t.team, t.incidents, t.mttr.median])).toEqual([
      ['platform', 5, 30],
      ['security', 5, 80],
    ]);
  });

  it('leaves MTTA out for incidents nobody acknowledged, and says null when there is nothing to measure', () => {
    const insights = insightsOf([record(3, { acknowledgedAt: undefined })], at(0), at(1000));
    expect(insights.overall.mtta).toEqual({ median: null, p90: null, count: 0 });
    expect(insights.overall.mttr.median).toBe(30);
    expect(insightsOf([], at(0), at(1)).overall).toEqual({
      incidents: 0,
      mtta: { median: null, p90: null, count: 0 },
      mttr: { median: null, p90: null, count: 0 },
      pagesPerIncident: 0,
    });
  });

  it('counts incidents per ISO week and ranks the noisiest rules by occurrences', () => {
    const insights = insightsOf(
      [
        record(1, { startedAt: '2026-11-23T10:00:00Z', rule: 'pod-exec', occurrences: 40 }),
        record(2, { startedAt: '2026-11-29T23:00:00Z', rule: 'crash-loop-backoff', occurrences: 7 }),
        record(3, { startedAt: '2026-11-30T01:00:00Z', rule: 'pod-exec', occurrences: 2 }),
      ],
      at(0),
      at(20_000),
    );
    expect(insights.perWeek).toEqual([
      { week: '2026-11-23', incidents: 2 },
      { week: '2026-11-30', incidents: 1 },
    ]);
    expect(insights.noisiestRules).toEqual([
      { rule: 'pod-exec', incidents: 2, occurrences: 42 },
      { rule: 'crash-loop-backoff', incidents: 1, occurrences: 7 },
    ]);
  });

  it('records resolved incidents only, never one merged away', () => {
    const resolved = incidentOf([alert({ count: 4 })], {}, { status: 'resolved', resolvedAt: at(30), pageCount: 3 });
    expect(resolutionRecord(resolved)).toMatchObject({ pages: 3, occurrences: 4, resolvedAt: at(30) });
    expect(resolutionRecord({ ...resolved, mergedInto: 'x.1' })).toBeUndefined();
    expect(resolutionRecord({ ...resolved, status: 'open' })).toBeUndefined();
  });
});
