import { describe, expect, it } from '@jest/globals';
import { shownConfigurations } from '../../../lib/rehearsal/configurations.ts';
import { rehearsed } from '../../helpers/rehearsal.ts';

// Every configuration in docs/examples/ (a new example is rehearsed by being there), everything-on included.
const examples = shownConfigurations().filter((c) => c.name.startsWith('docs/examples/'));

describe('the deploy rehearsal of every example in docs/examples/', () => {
  it('has the examples a user is shown, the one with everything on among them', () => {
    expect(examples.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'docs/examples/chat-and-trackers.json',
        'docs/examples/everything-on.json',
        'docs/examples/hub-and-spokes.json',
      ]),
    );
  });

  it.each(examples)('finds nothing AWS would refuse: $name', async (shown) => {
    const { findings, templates } = await rehearsed(shown);
    expect(findings).toEqual([]);
    // A hub's every template is read: its spokes', its destinations', the us-east-1 forwarder's, the StackSet's body.
    if (shown.name.includes('hub-and-spokes') || shown.name.includes('everything-on'))
      expect(templates).toEqual(
        expect.arrayContaining([
          'Watchkeeper-prod',
          'Watchkeeper-prod-global',
          'Watchkeeper-prod-destination-us-east-1',
          'Watchkeeper-prod-spoke-222222222222-eu-west-1',
          expect.stringMatching(/^Watchkeeper-prod\/SpokesStackSet/),
        ]),
      );
  });
});
