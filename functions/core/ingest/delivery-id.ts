import { createHash } from 'node:crypto';

/** A stable id for a delivery: the same payload delivered again gets the same id. */
export function deliveryId(payload: string): string {
  return createHash('sha256').update(payload).digest('base64url').slice(0, 22);
}
