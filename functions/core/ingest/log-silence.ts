import type { Candidate } from '../sources/types.ts';

/** A cluster whose control-plane logs are expected, and how long they may be silent. */
export interface SilenceWatch {
  /** The cluster's id: its name, or `<account>/<region>/<name>` for a spoke's (see `origin.ts`). */
  readonly name: string;
  readonly silenceMinutes: number;
}

/** The identity the silence check classifies as (rule `cluster-logs-silent`). */
export const SILENCE_CHECKER = 'watchkeeper:log-silence-check';

/**
 * One candidate per watched cluster: `open` when its newest log event is older than allowed (or
 * there is none), `resolve` when logs flow again. Pure: the caller supplies the last event times.
 */
export function silenceCandidates(
  watches: readonly SilenceWatch[],
  lastEventAt: ReadonlyMap<string, number | undefined>,
  now: number,
): Candidate[] {
  return watches.map((watch) => {
    const last = lastEventAt.get(watch.name);
    const silent = last === undefined || now - last > watch.silenceMinutes * 60_000;
    const minutes = last === undefined ? undefined : Math.round((now - last) / 60_000);
    return {
      source: 'eks-audit',
      cluster: watch.name,
      // One occurrence per check while silent; the resolve is keyed per minute so a retried check changes nothing.
      eventId: `log-silence:${watch.name}:${silent ? 'silent' : 'flowing'}:${Math.floor(now / 60_000)}`,
      occurredAt: new Date(now).toISOString(),
      actor: { username: SILENCE_CHECKER },
      resource: { kind: 'LogGroup', name: `/aws/eks/${watch.name.split('/').at(-1)}/cluster` },
      message: silent
        ? last === undefined
          ? `no control-plane log event from ${watch.name} was ever seen`
          : `no control-plane log event from ${watch.name} for ${minutes} minutes (allowed ${watch.silenceMinutes})`
        : `control-plane logs from ${watch.name} flow again`,
      facts: {
        'silence.minutes': minutes,
        'silence.allowedMinutes': watch.silenceMinutes,
        'silence.lastEventAt': last === undefined ? undefined : new Date(last).toISOString(),
      },
      action: silent ? 'open' : 'resolve',
    } satisfies Candidate;
  });
}
