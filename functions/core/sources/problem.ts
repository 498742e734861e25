import { redactObject } from '../redaction/redact-object.ts';
import { safeText } from '../redaction/safe-signal.ts';
import type { InputLocation, Problem } from './types.ts';

const EXCERPT_LENGTH = 300;
const REASON_LENGTH = 500;

/**
 * A quarantine record: where, why, and a short redacted excerpt of the input. The reason may quote
 * input too, so it is made safe like the excerpt (secrets redacted, control characters gone, bounded).
 */
export function problemAt(location: InputLocation, reason: string, input: unknown): Problem {
  return {
    location,
    reason: safeText(reason, REASON_LENGTH),
    excerpt: safeText(excerptOf(input), EXCERPT_LENGTH),
  };
}

/** Structured input is redacted by structure before it is cut; text by pattern. */
function excerptOf(input: unknown): string {
  if (input === undefined) return '';
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return input.slice(0, EXCERPT_LENGTH * 4);
    }
  }
  try {
    return JSON.stringify(redactObject(value)) ?? '';
  } catch {
    // Deeper than JSON.stringify can go: the reason says enough.
    return '';
  }
}

/** A value as a quarantine reason shows it: JSON, at most 80 characters, never a throw. */
export function quote(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (json === undefined) return typeof value;
  return json.length > 80 ? `${json.slice(0, 79)}…` : json;
}

/** `file:line[#record]` for messages on stderr. */
export function formatLocation(location: InputLocation): string {
  let text = location.file;
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.record !== undefined) text += `#${location.record}`;
  return text;
}
