import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Observed } from '../helpers/crowded-pipeline.ts';
import { crashingIngest, pipeline, referenceRun } from '../helpers/crowded-pipeline.ts';

// Grouping is exactly-once whichever write a crash cuts: the crash points are shared by two files
// (this one takes writes 1, 3, 5 …) so that both test workers run them.
describe('grouping is exactly-once when a crash cuts the busiest delivery (odd writes)', () => {
  let reference: Observed;
  let busiestWrites = 0;
  beforeAll(async () => {
    ({ reference, busiestWrites } = await referenceRun());
  });

  it('gives the same whichever odd write of the busiest delivery a crash cuts, once it is retried twice', async () => {
    expect(busiestWrites).toBeGreaterThan(5);
    for (let k = 1; k <= busiestWrites; k += 2) {
      const recovered = await pipeline(async (runtime, inputs) => {
        const [busiest, ...rest] = inputs;
        await expect(crashingIngest(runtime, k)(busiest)).rejects.toThrow(`simulated crash at write ${k}`);
        await runtime.deliver(busiest);
        await runtime.deliver(busiest);
        for (const input of rest) await runtime.deliver(input);
      });
      expect({ k, ...recovered }).toEqual({ k, ...reference });
    }
  });
});
