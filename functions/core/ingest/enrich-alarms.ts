import type { DecodeResult } from '../sources/types.ts';

/** Looks up an alarm's tags. */
export interface AlarmTags {
  tags(alarmArn: string): Promise<Record<string, string>>;
}

/** Attach each alarm's tags to its record, so the (pure) normalizer can apply the tag convention. */
export async function enrichAlarmTags(decoded: DecodeResult, lookup: AlarmTags | undefined): Promise<DecodeResult> {
  if (!lookup) return decoded;
  const events = [];
  for (const event of decoded.events) {
    const parsed = event.parsed as { detail?: Record<string, unknown>; resources?: unknown[] } | undefined;
    const arn = parsed?.resources?.[0];
    if (event.stream !== 'cloudwatch-alarm' || typeof arn !== 'string' || !parsed?.detail) {
      events.push(event);
      continue;
    }
    events.push({ ...event, parsed: { ...parsed, detail: { ...parsed.detail, tags: await lookup.tags(arn) } } });
  }
  return { events, problems: decoded.problems };
}
