import { redactText } from '../redaction/redact-text.ts';
import type { InputLocation, Problem } from './types.ts';

const EXCERPT_LENGTH = 300;

/** A quarantine record: where, why, and a short redacted excerpt of the input. */
export function problemAt(location: InputLocation, reason: string, input: unknown): Problem {
  let text = '';
  if (typeof input === 'string') text = input;
  else if (input !== undefined) {
    try {
      text = JSON.stringify(input) ?? '';
    } catch {
      text = String(input);
    }
  }
  return { location, reason, excerpt: redactText(text.slice(0, EXCERPT_LENGTH)) };
}

/** `file:line[#record]` for messages on stderr. */
export function formatLocation(location: InputLocation): string {
  let text = location.file;
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.record !== undefined) text += `#${location.record}`;
  return text;
}
