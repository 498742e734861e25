import { describe, expect, it } from '@jest/globals';
import type { Silence } from '../../../../functions/core/silences/silence.ts';
import { findSilence, silences } from '../../../../functions/core/silences/silence.ts';
import { alert } from '../../../helpers/alert.ts';

const AT = Date.parse('2026-11-24T10:00:00Z');
const silence = (overrides: Partial<Silence> = {}): Silence => ({
  id: 's1',
  matchers: { cluster: ['prod-eu-1'] },
  startsAt: '2026-11-24T09:00:00Z',
  endsAt: '2026-11-24T11:00:00Z',
  createdBy: 'jane',
  comment: 'upgrade',
  createdAt: '2026-11-24T08:00:00Z',
  ...overrides,
});

describe('silences', () => {
  it.each([
    { name: 'a matching cluster within the window', s: silence(), at: AT, covers: true },
    { name: 'before its start (scheduled ahead)', s: silence(), at: Date.parse('2026-11-24T08:59:59Z'), covers: false },
    { name: 'at its end (the end is exclusive)', s: silence(), at: Date.parse('2026-11-24T11:00:00Z'), covers: false },
    { name: 'another cluster', s: silence({ matchers: { cluster: ['staging'] } }), at: AT, covers: false },
    {
      name: 'every listed field matching (cluster and component)',
      s: silence({ matchers: { cluster: ['prod-eu-1'], component: ['etcd', 'node'] } }),
      at: AT,
      covers: true,
    },
    {
      name: 'one field not matching (severity)',
      s: silence({ matchers: { cluster: ['prod-eu-1'], severity: ['low'] } }),
      at: AT,
      covers: false,
    },
    {
      name: 'a namespace matcher on an incident without a namespace',
      s: silence({ matchers: { namespace: ['shop'] } }),
      at: AT,
      covers: false,
    },
    { name: 'a rule matcher', s: silence({ matchers: { rule: ['etcd-request-timeout'] } }), at: AT, covers: true },
  ])('covers an incident or not: $name', ({ s, at, covers }) => {
    expect(silences(s, alert({ namespace: undefined }), at)).toBe(covers);
  });

  it('finds the first silence that covers an incident, if any', () => {
    const early = silence({ id: 'early', matchers: { cluster: ['staging'] } });
    const match = silence({ id: 'match' });
    expect(findSilence([early, match], alert(), AT)?.id).toBe('match');
    expect(findSilence([early], alert(), AT)).toBeUndefined();
  });
});
