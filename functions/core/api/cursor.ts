import { createHmac, timingSafeEqual } from 'node:crypto';

/** Raised for a cursor that was forged, altered, or used with other filters: HTTP 400. */
export class CursorError extends Error {
  public constructor(message = 'cursor is invalid: it was altered, forged, or belongs to other filters') {
    super(message);
    this.name = 'CursorError';
  }
}

/** Where a list continues. */
export interface CursorState {
  /** Index queried. */
  readonly index: string;
  /** DynamoDB ExclusiveStartKey, or undefined at the start of a partition. */
  readonly key?: Record<string, unknown>;
  /** Month partition (byMonth walks). */
  readonly month?: string;
}

const mac = (payload: string, key: string, scope: string): string =>
  createHmac('sha256', key).update(`cursor\0${scope}\0${payload}`).digest('base64url').slice(0, 32);

/**
 * An opaque, tamper-proof cursor: the position, signed together with the filters it belongs to.
 * `scope` is a canonical form of the filters, so a cursor cannot be reused to page through a
 * different query.
 */
export function encodeCursor(state: CursorState, key: string, scope: string): string {
  const payload = Buffer.from(JSON.stringify(state)).toString('base64url');
  return `${payload}.${mac(payload, key, scope)}`;
}

/** Decode and verify a cursor; throws {@link CursorError}. */
export function decodeCursor(cursor: string, key: string, scope: string): CursorState {
  const [payload, signature, extra] = cursor.split('.');
  if (!payload || !signature || extra !== undefined) throw new CursorError('cursor is malformed');
  const expected = Buffer.from(mac(payload, key, scope));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new CursorError();
  try {
    const state = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as CursorState;
    if (typeof state.index !== 'string') throw new CursorError('cursor is malformed');
    return state;
  } catch (error) {
    if (error instanceof CursorError) throw error;
    throw new CursorError('cursor is malformed');
  }
}
