import { describe, expect, it } from '@jest/globals';
import { switchedOff } from '../../../../functions/core/actions/proposals.ts';

describe('what stops actions on a cluster', () => {
  const on = { enabled: true, disabledClusters: ['staging'] };
  it('lets actions run on the hub’s own clusters unless switched off', () => {
    expect(switchedOff(on, 'prod')).toBeUndefined();
    expect(switchedOff(on, 'staging')).toBe('actions are switched off on staging');
    expect(switchedOff({ ...on, enabled: false }, 'prod')).toBe('actions are switched off');
  });

  it("says why nothing runs on a spoke's cluster: the action roles are in the hub's account", () => {
    expect(switchedOff(on, '222222222222/eu-west-1/prod')).toBe(
      "actions do not run on a spoke's cluster (222222222222/eu-west-1/prod): the action roles are in the hub's account",
    );
  });
});
