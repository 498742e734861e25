import { describe, expect, it } from '@jest/globals';
import { ListIncidentsQuerySchema } from '../../../../functions/core/api/list-query.ts';
import { SilenceMatchersSchema } from '../../../../functions/core/silences/silence-schema.ts';

// This file loads only the zod/mini schemas, as the API bundle does (no classic zod to lend its locale),
// so it fails if the English messages are not set up.
describe('request schemas on zod/mini', () => {
  it('explains a bad query in words, not "Invalid input"', () => {
    // Act
    const tooSmall = ListIncidentsQuerySchema.safeParse({ limit: '0' });
    const unknown = ListIncidentsQuerySchema.safeParse({ colour: 'red' });

    // Assess
    expect(tooSmall.error?.issues[0]).toMatchObject({
      path: ['limit'],
      message: 'Too small: expected number to be >=1',
    });
    expect(unknown.error?.issues[0].message).toBe('Unrecognized key: "colour"');
  });

  it('defaults the page size and normalises times', () => {
    // Act
    const parsed = ListIncidentsQuerySchema.parse({ since: '2026-11-24T10:00:00+01:00' });

    // Assess
    expect(parsed).toEqual({ limit: 25, since: '2026-11-24T09:00:00.000Z' });
  });

  it('wants at least one silence matcher, each a non-empty list', () => {
    // Act
    const none = SilenceMatchersSchema.safeParse({});
    const empty = SilenceMatchersSchema.safeParse({ cluster: [] });

    // Assess
    expect(none.error?.issues[0].message).toBe('a silence needs at least one matcher');
    expect(empty.error?.issues[0]).toMatchObject({
      path: ['cluster'],
      message: 'Too small: expected array to have >=1 items',
    });
  });
});
