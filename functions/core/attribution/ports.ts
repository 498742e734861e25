import type { Identity } from './identity.ts';

/** Who is who on each cluster (from authenticator lines). */
export interface IdentitySink {
  record(identities: readonly Identity[]): Promise<void>;
  /** The identities of a cluster by key (`uid#…`, `user#…`). */
  lookup(cluster: string, keys: readonly string[]): Promise<Map<string, Identity>>;
}
