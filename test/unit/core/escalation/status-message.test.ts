import { describe, expect, it } from '@jest/globals';
import { statusNotification } from '../../../../functions/core/escalation/messages.ts';
import { incident } from '../../../helpers/incident.ts';

describe('business status messages', () => {
  it("tells the business the component and its state in our words, never an alert's text (outsiders write those)", () => {
    const filling = incident({
      title: 'KubePersistentVolumeFillingUp: <!channel> see https://evil.example/x',
      component: 'storage',
    });
    const degraded = statusNotification(filling, 'degraded', 'business').bodies.email;
    const restored = statusNotification(filling, 'restored', 'business').bodies.email;
    expect(degraded).toBe('storage on prod-eu-1 is degraded. The responsible teams are on it.');
    expect(restored).toBe('storage on prod-eu-1 is restored.');
  });
});
