import { redactObject } from '../redaction/redact-object.ts';
import { redactText } from '../redaction/redact-text.ts';
import type { InputLocation, Problem } from './types.ts';

const EXCERPT_LENGTH = 300;

/** A quarantine record: where, why, and a short redacted excerpt of the input. */
export function problemAt(location: InputLocation, reason: string, input: unknown): Problem {
  return { location, reason, excerpt: redactText(excerptOf(input)).slice(0, EXCERPT_LENGTH) };
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
    return String(value);
  }
}

/** `file:line[#record]` for messages on stderr. */
export function formatLocation(location: InputLocation): string {
  let text = location.file;
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.record !== undefined) text += `#${location.record}`;
  return text;
}
