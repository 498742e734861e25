import { describe, expect, it } from '@jest/globals';
import { shownConfigurations } from '../../../lib/rehearsal/configurations.ts';
import { rehearsed } from '../../helpers/rehearsal.ts';

// `cdk deploy` and `cdk deploy -c stage=dev` of watchkeeper.config.json, checked against AWS's own rules.
describe('the deploy rehearsal of the default configuration', () => {
  it.each(shownConfigurations().filter((c) => c.name.startsWith('default')))(
    'finds nothing AWS would refuse: $name',
    async (shown) => {
      const { findings, templates } = await rehearsed(shown);
      expect(templates).toEqual([`Watchkeeper-${shown.stage.name}`]);
      expect(findings).toEqual([]);
    },
  );
});
