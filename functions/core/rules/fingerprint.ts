import { createHash } from 'node:crypto';
import { workloadOf } from '../sources/audit-facts.ts';
import type { Candidate, Fact } from '../sources/types.ts';

const WEBHOOK = /failed calling webhook "?([^" :]+)/i;

/** A fact of a candidate, falling back to its actor and resource for the common names. */
export function factOf(candidate: Candidate, key: string): Fact {
  const value = candidate.facts[key];
  if (value !== undefined) return value;
  switch (key) {
    case 'namespace':
      return candidate.resource?.namespace;
    case 'name':
      return candidate.resource?.name;
    case 'kind':
      return candidate.resource?.kind;
    case 'resource':
      return candidate.resource?.resource;
    case 'user.name':
      return candidate.actor?.username;
    case 'arn':
      return candidate.actor?.arn ?? candidate.actor?.username;
    case 'message':
      return candidate.message;
    case 'workload':
      return (
        candidate.facts['event.workload'] ??
        (candidate.resource?.kind === 'Pod' && candidate.resource.name
          ? workloadOf('Pod', candidate.resource.name)
          : candidate.resource?.name)
      );
    case 'webhook':
      return WEBHOOK.exec(candidate.message ?? '')?.[1];
    default:
      return undefined;
  }
}

/**
 * The incident identity: cluster, rule, and the values of the rule's grouping fields.
 * Different values never collide into one incident (a SHA-256 prefix of 128 bits).
 */
export function fingerprintOf(cluster: string, rule: string, candidate: Candidate, fields: readonly string[]): string {
  const hash = createHash('sha256').update(String(cluster)).update('\0').update(rule);
  for (const field of fields) {
    const value = factOf(candidate, field);
    hash.update('\0').update(Array.isArray(value) ? value.join(',') : String(value ?? ''));
  }
  return hash.digest('base64url').slice(0, 22);
}
