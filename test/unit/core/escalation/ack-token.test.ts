import { describe, expect, it } from '@jest/globals';
import { AckTokenError, signAckToken, verifyAckToken } from '../../../../functions/core/escalation/ack-token.ts';

const KEY = 'test-key-0123456789';

describe('signed acknowledgement tokens', () => {
  it('round-trips the incident id, audience and expiry', () => {
    const token = signAckToken('fpAckTest000000001.3', 'platform tier 2', 2_000, KEY, 'nonce1');
    expect(verifyAckToken(token, KEY, 1_000)).toEqual({
      incidentId: 'fpAckTest000000001.3',
      audience: 'platform tier 2',
      expiresAt: 2_000,
      nonce: 'nonce1',
    });
  });

  it.each([
    ['expired', (t: string) => t, 2_000, 'expired'],
    ['signed with another key', (t: string) => t, 1_000, 'signature', 'other-key'],
    [
      'altered',
      (t: string) =>
        `${Buffer.from(JSON.stringify({ i: 'fpOther0000000001.1', e: 9e9, n: 'x' })).toString('base64url')}.${t.split('.')[1]}`,
      1_000,
      'signature',
    ],
    ['truncated', (t: string) => t.slice(0, 20), 1_000, 'malformed'],
  ])('refuses a token that is %s', (_name, mangle, now, message, key = KEY) => {
    const token = mangle(signAckToken('fpAckTest000000001.3', 'ops', 2_000, KEY));
    expect(() => verifyAckToken(token, key as string, now as number)).toThrow(AckTokenError);
    expect(() => verifyAckToken(token, key as string, now as number)).toThrow(message as string);
  });
});
