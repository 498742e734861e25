import type { EscalationConfig } from './config.ts';

type BusinessHours = EscalationConfig['businessHours'];

const MINUTE = 60_000;

/** Local calendar parts of an instant in a time zone. */
function localParts(
  at: number,
  timezone: string,
): { year: number; month: number; day: number; weekday: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
  }).formatToParts(new Date(at));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    weekday,
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

/** The instant of a local wall-clock time in a time zone (DST-correct). */
export function zonedTime(year: number, month: number, day: number, minutes: number, timezone: string): number {
  const guess = Date.UTC(year, month - 1, day, 0, minutes);
  const offsetAt = (at: number): number => {
    const p = localParts(at, timezone);
    return Date.UTC(p.year, p.month - 1, p.day, 0, p.minutes) - Math.floor(at / MINUTE) * MINUTE;
  };
  const first = guess - offsetAt(guess);
  return guess - offsetAt(first);
}

const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** True when `at` falls within business hours. */
export function isBusinessHours(at: number, hours: BusinessHours): boolean {
  const p = localParts(at, hours.timezone);
  return hours.days.includes(p.weekday) && p.minutes >= toMinutes(hours.start) && p.minutes < toMinutes(hours.end);
}

/** The next start of business hours at or after `at` (`at` itself when within them). */
export function nextBusinessHoursStart(at: number, hours: BusinessHours): number {
  if (isBusinessHours(at, hours)) return at;
  const p = localParts(at, hours.timezone);
  for (let offset = 0; offset <= 8; offset++) {
    const noon = Date.UTC(p.year, p.month - 1, p.day + offset, 12);
    const d = new Date(noon);
    const candidate = zonedTime(
      d.getUTCFullYear(),
      d.getUTCMonth() + 1,
      d.getUTCDate(),
      toMinutes(hours.start),
      hours.timezone,
    );
    if (candidate >= at && isBusinessHours(candidate, hours)) return candidate;
  }
  throw new Error('business hours never start: check businessHours.days');
}

/** Peak periods in force for a cluster at an instant. */
export function activePeakPeriods(
  config: EscalationConfig,
  cluster: string,
  at: number,
): EscalationConfig['peakPeriods'] {
  const day = new Date(at).toISOString().slice(0, 10);
  return config.peakPeriods.filter(
    (p) => p.start <= day && day <= p.end && (p.clusters.length === 0 || p.clusters.includes(cluster)),
  );
}
