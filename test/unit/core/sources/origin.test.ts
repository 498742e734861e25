import { describe, expect, it } from '@jest/globals';
import {
  clusterIdOf,
  originOf,
  partsOfClusterId,
  regionOfFilters,
  subscriptionFilterName,
} from '../../../../functions/core/sources/origin.ts';

const home = { account: '111111111111', region: 'eu-west-1' };

describe('cluster identity: account + region + name', () => {
  it('keeps the bare name at home and qualifies a cluster of another account or region', () => {
    expect(clusterIdOf('prod', { account: '111111111111', region: 'eu-west-1' }, home)).toBe('prod');
    expect(clusterIdOf('prod', undefined, home)).toBe('prod');
    expect(clusterIdOf('prod', { account: '222222222222' }, home)).toBe('222222222222/eu-west-1/prod');
    expect(clusterIdOf('prod', { region: 'us-east-1' }, home)).toBe('111111111111/us-east-1/prod');
    // A home that does not know its account compares the region only.
    expect(clusterIdOf('prod', { account: '222222222222', region: 'eu-west-1' }, { region: 'eu-west-1' })).toBe('prod');
  });

  it('reads the parts back, the home for a bare name', () => {
    expect(partsOfClusterId('222222222222/us-east-1/prod', home)).toEqual({
      account: '222222222222',
      region: 'us-east-1',
      name: 'prod',
    });
    expect(partsOfClusterId('prod', home)).toEqual({ ...home, name: 'prod' });
    expect(partsOfClusterId('not/a/place', home)).toEqual({ ...home, name: 'not/a/place' });
  });

  it('takes only well-formed account ids and regions from input', () => {
    expect(originOf('222222222222', 'us-west-2')).toEqual({ account: '222222222222', region: 'us-west-2' });
    expect(originOf('2222', 'US-WEST-2')).toBeUndefined();
    expect(originOf({ evil: true }, '../../etc')).toBeUndefined();
  });

  it("finds the region in a spoke's subscription filter name, and nothing in others", () => {
    expect(regionOfFilters(['other', subscriptionFilterName('ap-southeast-2')])).toBe('ap-southeast-2');
    expect(regionOfFilters(['watchkeeper'])).toBeUndefined();
    expect(regionOfFilters('watchkeeper-eu-west-1')).toBeUndefined();
  });
});
