import { describe, expect, it } from '@jest/globals';
import { statusNotification } from '../../../../functions/core/escalation/messages.ts';
import { incident } from '../../../helpers/incident.ts';

describe('business status messages', () => {
  it('reads as one sentence when the title already ends with a full stop (Alertmanager summaries do)', () => {
    const filling = incident({
      title: 'KubePersistentVolumeFillingUp: PersistentVolume is filling up.',
      component: 'storage',
    });
    const degraded = statusNotification(filling, 'degraded', 'business').bodies.email;
    const restored = statusNotification(filling, 'restored', 'business').bodies.email;
    expect(degraded).toContain(
      'storage on prod-eu-1 is degraded: KubePersistentVolumeFillingUp: PersistentVolume is filling up. The responsible',
    );
    expect(restored).toContain(
      'is restored. KubePersistentVolumeFillingUp: PersistentVolume is filling up was resolved.',
    );
    expect(`${degraded}${restored}`).not.toContain('..');
  });
});
