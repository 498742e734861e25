import { randomUUID } from 'node:crypto';
import type { Silence } from '../core/silences/silence.ts';
import type { ApiDeps } from './deps.ts';
import { httpError } from '../shared/http-errors.ts';
import type { SilenceBody, SilenceList } from './schemas.ts';

/** Silences: maintenance windows, current and scheduled. */
/** What the silence operations read and write through. */
export type SilenceApiDeps = Pick<ApiDeps, 'clock' | 'silences'>;

export class SilenceApi {
  public constructor(private readonly deps: SilenceApiDeps) {}

  public async list(): Promise<SilenceList> {
    const now = this.deps.clock();
    return {
      items: (await this.deps.silences.list(now)).map((s) => ({
        ...s,
        matchers: s.matchers as Record<string, string[]>,
        active: Date.parse(s.startsAt) <= now && now < Date.parse(s.endsAt),
      })),
    };
  }

  public async create(
    body: { matchers: Silence['matchers']; startsAt?: string; endsAt: string; comment: string },
    by: string,
  ): Promise<SilenceBody> {
    const now = this.deps.clock();
    const silence: Silence = {
      id: randomUUID(),
      matchers: body.matchers,
      startsAt: new Date(body.startsAt ?? now).toISOString(),
      endsAt: new Date(body.endsAt).toISOString(),
      createdBy: by,
      comment: body.comment,
      createdAt: new Date(now).toISOString(),
    };
    if (Date.parse(silence.endsAt) <= now) throw httpError(400, 'body.endsAt: must be in the future');
    await this.deps.silences.put(silence);
    return {
      ...silence,
      matchers: silence.matchers as Record<string, string[]>,
      active: Date.parse(silence.startsAt) <= now,
    };
  }

  public async delete(id: string): Promise<void> {
    if (!(await this.deps.silences.delete(id))) throw httpError(404, `no silence ${id}`);
  }
}
