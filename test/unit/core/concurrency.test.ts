import { describe, expect, it } from '@jest/globals';
import { chunks, mapBounded, measureRoundTrips, roundTrip } from '../../../functions/core/concurrency.ts';

const request = () => roundTrip(() => new Promise<void>((resolve) => setTimeout(resolve, 1)));

describe('mapBounded', () => {
  it('keeps at most `limit` running and answers in the order of the items', async () => {
    let running = 0;
    let most = 0;
    const out = await mapBounded([30, 10, 20, 5, 1], 2, async (ms, i) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return i;
    });
    expect(out).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('rejects with the first failure', async () => {
    await expect(
      mapBounded([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('two');
        return n;
      }),
    ).rejects.toThrow('two');
  });
});

describe('measureRoundTrips', () => {
  it('counts the chain a request waits for, not the slot it waits for', async () => {
    const { roundTrips } = await measureRoundTrips(async () => {
      await request(); // 1: a read
      // 100 chains of two requests through 4 slots: still two more on the critical path.
      await mapBounded(Array.from({ length: 100 }), 4, async () => {
        await request();
        await request();
      });
      await Promise.all([request(), request()]); // one more, side by side
    });
    expect(roundTrips).toBe(4);
  });

  it('counts requests one after another', async () => {
    const { roundTrips } = await measureRoundTrips(async () => {
      for (let i = 0; i < 5; i++) await request();
    });
    expect(roundTrips).toBe(5);
  });
});

describe('chunks', () => {
  it('cuts a list into lists of at most the size', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 25)).toEqual([]);
  });
});
