import type { Alert } from '../alerts/types.ts';
import { alertField } from './alert-fields.ts';

/** One Alertmanager-style matcher: a field, an operator and a value (a regex for `=~` and `!~`, anchored). */
export interface Matcher {
  readonly field: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

/** Field → accepted values: every listed field must hold one of its values (the form routes use). */
export type FieldValues = Readonly<Record<string, readonly string[]>>;

/** Raised for a matcher string that cannot be read; the message says which and why. */
export class MatcherError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'MatcherError';
  }
}

const MATCHER = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

/**
 * Read an Alertmanager matcher (`severity=~"critical|high"`, `alertname = KubeNodeNotReady`).
 * @throws {MatcherError} when the string is not one, or its regex does not compile.
 */
export function parseMatcher(text: string): Matcher {
  const match = MATCHER.exec(text);
  if (!match) throw new MatcherError(`"${text.slice(0, 100)}" is not a matcher (name, =, !=, =~ or !~, value)`);
  const [, field = '', op = '=', raw = ''] = match;
  const value = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? JSON.parse(raw) : raw;
  if (typeof value !== 'string') throw new MatcherError(`"${text.slice(0, 100)}": the value is not a string`);
  if (op === '=~' || op === '!~') {
    try {
      new RegExp(value);
    } catch (error) {
      throw new MatcherError(`"${text.slice(0, 100)}": ${(error as Error).message}`);
    }
  }
  return { field, op: op as Matcher['op'], value };
}

/** Matchers of the field → values form, as matchers (one `=~` of the escaped alternatives per field). */
export function fieldMatchers(values: FieldValues): Matcher[] {
  return Object.entries(values).map(([field, list]) => ({
    field,
    op: '=~',
    value: list.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
  }));
}

/** A predicate over alerts: every matcher holds (an absent field is the empty string, as in Alertmanager). */
export function compileMatchers(matchers: readonly Matcher[]): (alert: Alert) => boolean {
  const tests = matchers.map(({ field, op, value }) => {
    const regex = op === '=~' || op === '!~' ? new RegExp(`^(?:${value})$`) : undefined;
    return (alert: Alert): boolean => {
      const actual = alertField(alert, field) ?? '';
      switch (op) {
        case '=':
          return actual === value;
        case '!=':
          return actual !== value;
        case '=~':
          return regex?.test(actual) ?? false;
        case '!~':
          return !(regex?.test(actual) ?? false);
      }
    };
  });
  return (alert) => tests.every((test) => test(alert));
}
