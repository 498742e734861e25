import { describe, expect, it } from '@jest/globals';
import { clusterHistory } from '../../../../functions/core/status/history.ts';

const T0 = Date.parse('2026-11-24T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const window = { since: T0, until: T0 + 24 * 60 * 60_000 };

describe('cluster history', () => {
  it('counts overlapping critical troubles once as unavailable, and degraded only while nothing is critical', () => {
    const history = clusterHistory(
      [
        { cluster: 'prod', severity: 'critical', from: at(60), until: at(120) },
        { cluster: 'prod', severity: 'critical', from: at(90), until: at(150) },
        { cluster: 'prod', severity: 'high', from: at(100), until: at(200) },
        { cluster: 'prod', severity: 'medium', from: at(190), until: at(210) },
        { cluster: 'prod', severity: 'low', from: at(0), until: at(600) },
      ],
      ['prod', 'staging'],
      window,
    );
    expect(history).toEqual([
      { cluster: 'prod', unavailableMinutes: 90, degradedMinutes: 60 },
      { cluster: 'staging', unavailableMinutes: 0, degradedMinutes: 0 },
    ]);
  });

  it('clips troubles to the window, and counts what is still open up to its end', () => {
    const history = clusterHistory(
      [
        { cluster: 'prod', severity: 'critical', from: at(-600), until: at(30) },
        { cluster: 'prod', severity: 'high', from: at(24 * 60 - 45) },
      ],
      [],
      window,
    );
    expect(history).toEqual([{ cluster: 'prod', unavailableMinutes: 30, degradedMinutes: 45 }]);
  });
});
