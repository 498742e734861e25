import { ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';

const TTL_MS = 10 * 60_000;

/** Alarm tags (the `watchkeeper:*` convention), looked up once per alarm per ten minutes. */
export class AlarmTagLookup {
  private readonly cache = new Map<string, { tags: Record<string, string>; until: number }>();

  public constructor(private readonly cloudwatch: CloudWatchClient) {}

  public async tags(alarmArn: string): Promise<Record<string, string>> {
    const hit = this.cache.get(alarmArn);
    if (hit && hit.until > Date.now()) return hit.tags;
    let tags: Record<string, string> = {};
    try {
      const { Tags } = await this.cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: alarmArn }));
      tags = Object.fromEntries((Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
    } catch {
      // An alarm in another account or one deleted since: fall back to the description marker and defaults.
    }
    this.cache.set(alarmArn, { tags, until: Date.now() + TTL_MS });
    return tags;
  }
}
