import type { Actor } from '../sources/types.ts';

/** What an authenticator line says about who is who on a cluster: an IAM principal and its Kubernetes names. */
export interface Identity {
  readonly cluster: string;
  readonly arn: string;
  readonly username?: string;
  readonly uid?: string;
  readonly accessKeyId?: string;
  /** When the line was written. */
  readonly at: string;
}

/** The keys an identity is found by: the Kubernetes uid (exact), the username (the latest mapping wins), the access key. */
export function identityKeys(identity: {
  readonly uid?: string;
  readonly username?: string;
  readonly accessKeyId?: string;
}): string[] {
  const keys: string[] = [];
  if (identity.uid) keys.push(`uid#${identity.uid}`);
  if (identity.username) keys.push(`user#${identity.username}`);
  if (identity.accessKeyId) keys.push(`key#${identity.accessKeyId}`);
  return keys;
}

/**
 * Whether an actor lacks the IAM principal an authenticator line could supply: people and roles
 * mapped in aws-auth or access entries. Kubernetes' own identities (`system:…`, `eks:…`) never
 * pass the IAM authenticator and are left alone.
 */
export function needsIdentity(actor: Actor): boolean {
  const name = actor.username;
  return !actor.arn && !!name && !name.startsWith('system:') && !name.startsWith('eks:') && !name.startsWith('arn:aws');
}

/** The actor with the IAM principal an authenticator line named for it (uid first, then username). */
export function withIdentity(actor: Actor, found: ReadonlyMap<string, Identity>): Actor {
  if (!needsIdentity(actor)) return actor;
  for (const key of identityKeys({ uid: actor.uid, username: actor.username })) {
    const identity = found.get(key);
    if (identity)
      return {
        ...actor,
        arn: identity.arn,
        accessKeyId: actor.accessKeyId ?? identity.accessKeyId,
        via: `authenticator: ${key.startsWith('uid#') ? 'uid' : 'username'} ${key.slice(key.indexOf('#') + 1)} is ${identity.arn} (${identity.at})`,
      };
  }
  return actor;
}
