import { describe, expect, it } from '@jest/globals';
import { clusterStatuses, healthOf } from '../../../../functions/core/status/component-status.ts';
import { alert } from '../../../helpers/alert.ts';

describe('the business status', () => {
  it.each([
    [null, 'perfect'],
    ['critical', 'unavailable'],
    ['high', 'degraded'],
    ['medium', 'degraded'],
    ['low', 'perfect'],
    ['info', 'perfect'],
  ] as const)('reads a worst severity of %s as %s', (worst, health) => {
    expect(healthOf(worst)).toBe(health);
  });

  it('shows configured clusters and clusters with incidents, each by its worst component', () => {
    // Prepare
    const active = [
      alert({ cluster: 'prod', component: 'etcd', severity: 'high' }),
      alert({ cluster: 'prod', component: 'etcd', severity: 'critical', id: 'b.1' }),
      alert({ cluster: 'prod', component: 'workload', severity: 'medium', id: 'c.1' }),
    ];

    // Act
    const statuses = clusterStatuses(active, ['quiet', 'prod']);

    // Assess
    expect(statuses.map((c) => [c.cluster, c.status])).toEqual([
      ['prod', 'unavailable'],
      ['quiet', 'perfect'],
    ]);
    const prod = statuses[0].components;
    expect(prod.find((c) => c.component === 'etcd')).toEqual({
      component: 'etcd',
      status: 'unavailable',
      openAlerts: 2,
      worstSeverity: 'critical',
    });
    expect(prod.find((c) => c.component === 'workload')?.status).toBe('degraded');
    expect(prod.find((c) => c.component === 'dns')).toEqual({
      component: 'dns',
      status: 'perfect',
      openAlerts: 0,
      worstSeverity: null,
    });
  });
});
