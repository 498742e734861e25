import { createHash } from 'node:crypto';

/** The partition of a group key (128 bits of SHA-256, like a fingerprint). */
export const groupOf = (groupKey: string): string =>
  createHash('sha256').update(groupKey).digest('base64url').slice(0, 22);

/** `<group>.<generation>` */
export const incidentId = (group: string, generation: number): string => `${group}.${generation}`;

/** Split an incident id; `undefined` when it is not one. */
export function parseIncidentId(id: string): { group: string; generation: number } | undefined {
  const match = /^([A-Za-z0-9_-]{8,64})\.([1-9]\d{0,8})$/.exec(id);
  return match ? { group: match[1] ?? '', generation: Number(match[2]) } : undefined;
}
