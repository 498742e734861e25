import { describe, expect, it } from '@jest/globals';
import type { Incident, IncidentTimelineEntry } from '../../../../functions/core/incidents/types.ts';
import type { Response } from '../../../../functions/core/insights/insights.ts';
import { duration, ReviewNotReadyError, reviewMarkdown } from '../../../../functions/core/review/review.ts';
import { incident as makeIncident } from '../../../helpers/incident.ts';

const START = '2026-11-24T02:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(START) + minutes * 60_000).toISOString();
const entry = (
  minutes: number,
  kind: IncidentTimelineEntry['kind'],
  by: string,
  text: string,
): IncidentTimelineEntry => ({
  incidentId: 'inc.1',
  at: at(minutes),
  key: `${kind}-${minutes}`,
  kind,
  by,
  text,
});
const usual = (mtta: number, mttr: number): Response => ({
  incidents: 12,
  mtta: { median: mtta, p90: mtta * 2, count: 12 },
  mttr: { median: mttr, p90: mttr * 2, count: 12 },
  pagesPerIncident: 1.5,
});

describe('reviewMarkdown', () => {
  const resolved = {
    ...makeIncident(),
    status: 'resolved',
    startedAt: START,
    acknowledgedAt: at(14),
    acknowledgedBy: 'jane@example.com',
    resolvedAt: at(95),
    resolvedBy: 'jane@example.com',
    resolution: 'Rolled back to v41 | the v42 image had a bad config',
    pageCount: 3,
    pagedTeams: ['operations', 'platform'],
  } as Incident;
  const timeline = [
    entry(0, 'created', 'eks-audit', 'Container crash-looping'),
    entry(1, 'paged', 'watchkeeper', 'Paged operations tier 1'),
    entry(6, 'paged', 'watchkeeper', 'Paged platform tier 2'),
    entry(14, 'acknowledged', 'jane@example.com', 'Acknowledged by jane@example.com'),
    entry(95, 'resolved', 'jane@example.com', 'Resolved'),
  ];
  const change = {
    cluster: 'prod-eu-1',
    at: at(-10),
    eventId: 'e1',
    source: 'eks-audit',
    rule: 'human-change',
    title: 'Change made by a person',
    actor: 'dev@example.com',
    what: 'patch deployments payments/api',
  };

  it('drafts impact, response times against the usual, the timeline with the change before it, and the resolution', () => {
    // Act
    const markdown = reviewMarkdown({
      incident: resolved,
      timeline,
      changes: [change, { ...change, eventId: 'e2' }],
      usual: { team: usual(5, 40), rule: usual(8, 60), days: 90 },
      link: 'https://console.example.com/#/incidents/inc.1',
    });

    // Assess
    expect(markdown).toContain('- **Duration**: 1 h 35 min (2026-11-24 02:00 UTC to 2026-11-24 03:35 UTC)');
    expect(markdown).toContain('- **Pages**: 3 sent to operations, platform');
    // An address in text is no mailto link: a word joiner follows its @.
    expect(markdown).toContain(
      '- **Acknowledged**: by jane@\u2060example.com at 2026-11-24 02:14 UTC, 14 min after it started',
    );
    expect(markdown).toContain('| time to acknowledge | 14 min | 5 min | 8 min |');
    expect(markdown).toContain('| time to resolve | 95 min | 40 min | 60 min |');
    // The change appears once, before the incident, and a pipe in text cannot break the table.
    expect(markdown.match(/\| change before it/g)).toHaveLength(1);
    expect(markdown.indexOf('change before it')).toBeLessThan(markdown.indexOf('Paged operations tier 1'));
    expect(markdown).toContain('## Resolution\n\nRolled back to v41 \\| the v42 image had a bad config');
    expect(markdown).toContain('- [ ] Did the change before it cause it?');
    expect(markdown).toContain('- [ ] Acknowledgement took longer than usual');
    expect(markdown).toContain('[in the console](https://console.example.com/#/incidents/inc.1)');
  });

  it('says when nobody acknowledged, and has no usual figures to compare with on a first incident', () => {
    // Act
    const markdown = reviewMarkdown({
      incident: { ...resolved, acknowledgedAt: undefined, acknowledgedBy: undefined, resolution: undefined },
      timeline: timeline.filter((e) => e.kind !== 'acknowledged'),
      changes: [],
      usual: { days: 90 },
    });

    // Assess
    expect(markdown).toContain('- **Acknowledged**: never (resolved without acknowledgement)');
    expect(markdown).toContain('| time to acknowledge | n/a | n/a | n/a |');
    expect(markdown).toContain('- [ ] Nobody acknowledged: should this page at all, or page someone else?');
    expect(markdown).not.toContain('Did the change before it cause it?');
  });

  it('lists the actions: what each did, how it was decided, how long it ran, and asks about the undecided', () => {
    // Prepare
    const action = {
      alertId: 'fp.1',
      rule: 'crash-loop-backoff',
      proposedAt: at(0),
    } as const;
    const withActions: Incident = {
      ...resolved,
      actions: [
        {
          ...action,
          id: 'a1',
          kind: 'collect-evidence',
          mode: 'auto',
          ruleAction: 0,
          params: { name: 'api-7d9f8c6b5-x2kqp', namespace: 'payments' },
          status: 'succeeded',
          decidedBy: 'watchkeeper',
          startedAt: at(0),
          endedAt: new Date(Date.parse(at(0)) + 2_400).toISOString(),
        },
        {
          ...action,
          id: 'a2',
          kind: 'restart-workload',
          mode: 'suggest',
          ruleAction: 1,
          params: { namespace: 'payments', workload: 'api', workloadKind: 'Deployment' },
          status: 'suggested',
        },
      ],
    };

    // Act
    const markdown = reviewMarkdown({ incident: withActions, timeline, changes: [], usual: { days: 90 } });

    // Assess
    expect(markdown).toContain(
      '| Collect the recent events and the description of Pod api-7d9f8c6b5-x2kqp in payments into the incident | auto | succeeded | watchkeeper | 2 s |',
    );
    expect(markdown).toContain('| Rollout-restart api in payments | suggest | suggested |  |  |');
    expect(markdown).toContain('- [ ] Some actions were never decided');
    expect(reviewMarkdown({ incident: resolved, timeline, changes: [], usual: { days: 90 } })).not.toContain(
      '## Actions',
    );
  });

  it('refuses an incident that is not resolved', () => {
    expect(() =>
      reviewMarkdown({ incident: { ...resolved, status: 'acknowledged' }, timeline, changes: [], usual: { days: 90 } }),
    ).toThrow(ReviewNotReadyError);
  });
});

describe('duration', () => {
  it.each([
    [0, '0 min'],
    [42 * 60_000, '42 min'],
    [185 * 60_000, '3 h 5 min'],
    [52 * 3_600_000, '2 d 4 h'],
  ])('%d ms is %s', (ms, text) => {
    expect(duration(ms)).toBe(text);
  });
});
