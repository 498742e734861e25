import { parseLogfmt } from './logfmt.ts';

/** A parsed klog line: `E0523 14:02:11.123456  12 file.go:123] message`. */
export interface KlogLine {
  /** `I`, `W`, `E` or `F`. */
  readonly level: string;
  /** `MMDD hh:mm:ss.uuuuuu` as written (klog omits the year). */
  readonly time: string;
  readonly thread?: string;
  readonly file?: string;
  readonly message: string;
  /** Key/value pairs of structured klog (`"msg" key="value"`), empty for plain lines. */
  readonly fields: Record<string, string>;
}

const KLOG_HEADER = /^([IWEF])(\d{4} \d{2}:\d{2}:\d{2}\.\d+)\s+(\d+)\s+([^\]\s]+)\]\s?(.*)$/s;

/** Parse a klog line; lines without a klog header are kept whole as an info message. */
export function parseKlog(line: string): KlogLine {
  const match = KLOG_HEADER.exec(line);
  if (!match) return { level: 'I', time: '', message: line.trim(), fields: {} };
  const [, level, time, thread, file, rest] = match;
  const structured = /^"((?:[^"\\]|\\.)*)"\s*(.*)$/s.exec(rest);
  if (!structured) return { level, time, thread, file, message: rest.trim(), fields: {} };
  return {
    level,
    time,
    thread,
    file,
    message: structured[1].replace(/\\"/g, '"'),
    fields: parseLogfmt(structured[2]),
  };
}

/** klog severity letter to a word. */
export const KLOG_LEVEL: Readonly<Record<string, string>> = { I: 'info', W: 'warning', E: 'error', F: 'fatal' };
