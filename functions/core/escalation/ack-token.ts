import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a signed acknowledgement link carries. */
export interface AckClaims {
  /** Alert id (`<fingerprint>.<generation>`). */
  readonly incidentId: string;
  /** Expiry, epoch seconds. */
  readonly expiresAt: number;
  /** Single-use nonce. */
  readonly nonce: string;
  /** Who the page went to (team and tier), recorded as the acknowledger. */
  readonly audience: string;
  /** Present on a link that decides one action of the incident (approve or reject), not the incident. */
  readonly actionId?: string;
}

/** Why a token was refused. */
export class AckTokenError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'AckTokenError';
  }
}

const b64 = (data: Buffer | string): string => Buffer.from(data).toString('base64url');
const sign = (payload: string, key: string | Buffer): string => b64(createHmac('sha256', key).update(payload).digest());

/**
 * A signed, expiring acknowledgement token: `base64url(JSON claims).base64url(HMAC-SHA256)`.
 * The incident id names the generation, so a link never acknowledges a later generation. With an
 * action id it is an action link: it decides that action and acknowledges nothing.
 */
export function signAckToken(
  incidentId: string,
  audience: string,
  expiresAt: number,
  key: string | Buffer,
  nonce = b64(randomBytes(12)),
  actionId?: string,
): string {
  const claims = { i: incidentId, e: expiresAt, n: nonce, a: audience, ...(actionId ? { x: actionId } : {}) };
  const payload = b64(JSON.stringify(claims));
  return `${payload}.${sign(payload, key)}`;
}

/** Verify a token's signature and expiry; single use is the caller's part (it keeps used nonces). */
export function verifyAckToken(token: string, key: string | Buffer, nowSeconds: number): AckClaims {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) throw new AckTokenError('malformed acknowledgement token');
  const expected = Buffer.from(sign(payload, key));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    throw new AckTokenError('acknowledgement token signature does not match');
  let claims: { i?: unknown; e?: unknown; n?: unknown; a?: unknown; x?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new AckTokenError('malformed acknowledgement token');
  }
  if (typeof claims.i !== 'string' || typeof claims.e !== 'number' || typeof claims.n !== 'string')
    throw new AckTokenError('malformed acknowledgement token');
  if (claims.e <= nowSeconds) throw new AckTokenError('acknowledgement link has expired');
  return {
    incidentId: claims.i,
    expiresAt: claims.e,
    nonce: claims.n,
    audience: typeof claims.a === 'string' ? claims.a : 'link',
    ...(typeof claims.x === 'string' ? { actionId: claims.x } : {}),
  };
}
