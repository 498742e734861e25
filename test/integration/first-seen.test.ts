import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../lib/load-config.ts';
import type { Caller } from '../../local/demo/builders.ts';
import { auditLine, suspicious } from '../../local/demo/builders.ts';
import type { LogLine } from '../../local/demo/subscription.ts';
import { subscriptionEvent } from '../../local/demo/subscription.ts';
import type { NamedInput } from '../../local/read-inputs.ts';
import { LocalRuntime } from '../../local/runtime.ts';

// The first-seen baseline in dynalite, through the real ingest handler, with a clock that moves.
const DAY = 86_400_000;
const T0 = Date.parse('2026-11-01T09:00:00Z');
let now = T0;
let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await LocalRuntime.start({ config: parseConfig({}), clock: () => now, escalation: false });
});
afterAll(async () => runtime.close());

const dev: Caller = {
  username: 'dev@example.com',
  ip: '10.0.7.7',
  arn: 'arn:aws:sts::111122223333:assumed-role/dev/dev',
};
let firstId = 0n;
const delivery = (lines: LogLine[]): NamedInput => {
  firstId += 1000n;
  return { file: 'fs.json', text: JSON.stringify(subscriptionEvent('fs', 'kube-apiserver-audit-fs', lines, firstId)) };
};
const listSecrets = (at: number) => auditLine(at, dev, 'list', { resource: 'secrets' }, 200);
const firstSeen = () =>
  [...runtime.alerts.values()].filter((a) => a.cluster === 'fs' && a.rule === 'first-seen-sensitive-action');

describe('first-seen behaviour', () => {
  it('learns during the learning period: nothing is "first seen" in a new cluster’s first week', async () => {
    await runtime.deliver(delivery([suspicious.exec(now, dev, 'shop', 'web-0')]));
    expect(firstSeen()).toEqual([]);
  });

  it('after it, fires once for a new action, and not for what the principal did while it learned', async () => {
    now = T0 + 8 * DAY;
    await runtime.deliver(delivery([suspicious.exec(now, dev, 'shop', 'web-1'), listSecrets(now)]));
    expect(firstSeen().map((a) => [a.samples[0]?.evidence.verb, a.samples[0]?.evidence.resource, a.count])).toEqual([
      ['list', 'secrets', 1],
    ]);
  });

  it('does not fire again for its repeats, writes no baseline item for them, and a redelivery changes nothing', async () => {
    now += 60_000;
    const repeat = delivery([listSecrets(now), listSecrets(now + 1000)]);
    const baselineWrites = runtime.dynamo.counter.writesTo('BASE#');
    await runtime.deliver(repeat);
    expect(firstSeen().map((a) => a.count)).toEqual([1]);
    expect(runtime.dynamo.counter.writesTo('BASE#')).toBe(baselineWrites);
    const afterOnce = runtime.dynamo.counter.writes;
    await runtime.deliver(repeat);
    expect(runtime.dynamo.counter.writes).toBe(afterOnce);
  });

  it('fires again once the action has not been seen for the whole window', async () => {
    now += 31 * DAY;
    await runtime.deliver(delivery([listSecrets(now)]));
    expect(firstSeen().map((a) => a.count)).toEqual([2]);
  });
});
