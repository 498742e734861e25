import { describe, expect, it } from '@jest/globals';
import { CursorError, decodeCursor, encodeCursor } from '../../../../functions/core/api/cursor.ts';

const KEY = 'k';
const STATE = { index: 'byCluster', key: { pk: 'INC#a', sk: 'CURRENT' }, month: '2026-11' };

describe('list cursors', () => {
  it('round-trips a position for the filters it was made for', () => {
    expect(decodeCursor(encodeCursor(STATE, KEY, 'cluster=a'), KEY, 'cluster=a')).toEqual(STATE);
  });

  it.each([
    ['other filters', (c: string) => decodeCursor(c, KEY, 'cluster=b')],
    ['another key', (c: string) => decodeCursor(c, 'other', 'cluster=a')],
    [
      'an altered position',
      (c: string) =>
        decodeCursor(
          `${Buffer.from('{"index":"byStatus"}').toString('base64url')}.${c.split('.')[1]}`,
          KEY,
          'cluster=a',
        ),
    ],
    ['a missing signature', (c: string) => decodeCursor(c.split('.')[0], KEY, 'cluster=a')],
    ['an extra part', (c: string) => decodeCursor(`${c}.x`, KEY, 'cluster=a')],
  ])('refuses a cursor used with %s', (_name, use) => {
    expect(() => use(encodeCursor(STATE, KEY, 'cluster=a'))).toThrow(CursorError);
  });

  it('refuses a correctly signed payload that is not a position', () => {
    const signed = encodeCursor({ key: {} } as never, KEY, 's');
    expect(() => decodeCursor(signed, KEY, 's')).toThrow('cursor is malformed');
  });
});
