import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Identity } from '../core/attribution/identity.ts';
import { identityKeys } from '../core/attribution/identity.ts';
import { batchGetAll } from './batch-get.ts';
import { batchWriteAll } from './batch-write.ts';
import { KEYS } from './table-design.ts';
import type { IdentitySink } from '../core/attribution/ports.ts';

/** How long a mapping is kept after it was last seen. */
const KEEP_SECONDS = 7 * 86_400;
/** A mapping seen again is written again only when it changed or is this old: repeated lines cost reads, not writes. */
const REFRESH_MS = 6 * 3_600_000;

type Item = Record<string, unknown>;

/**
 * Who is who on each cluster, from authenticator lines: one item per uid, username and access key,
 * each naming the IAM principal, expiring a week after it was last seen.
 */
export class IdentityStore implements IdentitySink {
  public constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Keep what the lines say; a mapping already known and fresh is not written again. */
  public async record(identities: readonly Identity[]): Promise<void> {
    const latest = new Map<string, Identity>();
    for (const identity of identities)
      for (const key of identityKeys(identity)) {
        const id = `${identity.cluster}\0${key}`;
        if ((latest.get(id)?.at ?? '') <= identity.at) latest.set(id, identity);
      }
    const known = await this.read([...latest.keys()]);
    const writes: Item[] = [];
    for (const [id, identity] of latest) {
      const [cluster = '', key = ''] = id.split('\0');
      const before = known.get(id);
      if (before && before.arn === identity.arn && Date.parse(identity.at) - Date.parse(before.at) < REFRESH_MS)
        continue;
      writes.push({
        PutRequest: {
          Item: {
            pk: KEYS.identities.of(cluster),
            sk: key,
            ...identity,
            expiresAt: Math.floor(Date.parse(identity.at) / 1000) + KEEP_SECONDS,
          },
        },
      });
    }
    await batchWriteAll(this.client, this.tableName, writes);
  }

  /** The identities of a cluster by key (`uid#…`, `user#…`). */
  public async lookup(cluster: string, keys: readonly string[]): Promise<Map<string, Identity>> {
    const found = await this.read(keys.map((key) => `${cluster}\0${key}`));
    return new Map([...found].map(([id, identity]) => [id.split('\0')[1] ?? '', identity]));
  }

  private async read(ids: readonly string[]): Promise<Map<string, Identity>> {
    const keys = [...new Set(ids)].map((id) => {
      const [cluster = '', key = ''] = id.split('\0');
      return { pk: KEYS.identities.of(cluster), sk: key };
    });
    const out = new Map<string, Identity>();
    for (const item of await batchGetAll(this.client, this.tableName, keys)) {
      const { pk: _pk, sk, expiresAt: _e, ...identity } = item;
      out.set(`${(identity as unknown as Identity).cluster}\0${String(sk)}`, identity as unknown as Identity);
    }
    return out;
  }
}
