import { describe, expect, it } from '@jest/globals';
import type { BaselineStore } from '../../../../functions/core/baseline/first-seen.ts';
import { actionOf, firstSeenSignals } from '../../../../functions/core/baseline/first-seen.ts';
import { signal } from '../../../helpers/signal.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-24T00:00:00Z');
const settings = { windowDays: 30, learningDays: 7, maxNewPerPrincipal: 2 };

/** A baseline in memory: the store's contract without a table. */
function memory(start: number, known: Record<string, number> = {}): BaselineStore & { recorded: string[] } {
  const recorded: string[] = [];
  return {
    recorded,
    startOf: async () => start,
    known: async (_cluster, actions) => new Map(actions.filter((a) => a in known).map((a) => [a, known[a] ?? 0])),
    record: async (_cluster, actions) => {
      recorded.push(...actions);
    },
  };
}
const seen = (resource: string, user = 'jane') =>
  signal({
    rule: 'first-seen-sensitive-action',
    firstSeen: true,
    actor: { username: user },
    evidence: { verb: 'list', resource },
  });

describe('first-seen signals', () => {
  it('keeps what is new, drops what is known, and leaves other signals alone', async () => {
    const other = signal();
    const known = seen('secrets');
    const store = memory(NOW - 30 * DAY, { [actionOf(known)]: NOW - DAY });
    const fresh = seen('configmaps');
    const { signals, toRecord } = await firstSeenSignals([other, known, fresh], store, settings, NOW);
    expect(signals).toEqual([other, fresh]);
    expect(toRecord.get('prod-eu-1')).toEqual([actionOf(fresh)]);
  });

  it('keeps nothing while the cluster learns, but records everything', async () => {
    const { signals, toRecord } = await firstSeenSignals([seen('secrets')], memory(NOW - 2 * DAY), settings, NOW);
    expect(signals).toEqual([]);
    expect(toRecord.get('prod-eu-1')).toHaveLength(1);
  });

  it('records a known action again once its record is a quarter of the window old, without keeping it', async () => {
    const old = seen('secrets');
    const store = memory(NOW - 90 * DAY, { [actionOf(old)]: NOW - 10 * DAY });
    const { signals, toRecord } = await firstSeenSignals([old], store, settings, NOW);
    expect(signals).toEqual([]);
    expect(toRecord.get('prod-eu-1')).toEqual([actionOf(old)]);
  });

  it('records at most maxNewPerPrincipal new actions of one principal per delivery', async () => {
    const many = ['a', 'b', 'c', 'd'].map((r) => seen(r));
    const { signals } = await firstSeenSignals(many, memory(NOW - 90 * DAY), settings, NOW);
    expect(signals).toHaveLength(2);
  });
});
