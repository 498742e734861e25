import { gunzipSync, inflateSync } from 'node:zlib';
import { InvalidInputError } from './errors.ts';
import { originOf, regionOfFilters } from './origin.ts';
import { streamKindOf } from './registry.ts';
import type { DecodeResult, InputLocation, RawLogEvent } from './types.ts';
import { problemAt, quote } from './problem.ts';
import { decodeAll } from './decode-result.ts';
import { idOf, num, obj, text } from './read.ts';

const LOG_GROUP = /^\/aws\/eks\/([^/]+)\/cluster$/;

/** The cluster name from an EKS log group `/aws/eks/<cluster>/cluster`. */
export function clusterOfLogGroup(logGroup: string): string | undefined {
  return LOG_GROUP.exec(logGroup)?.[1];
}

/** The decoded body of a CloudWatch Logs subscription delivery. */
export interface LogsMessage {
  messageType?: string;
  owner?: string;
  logGroup?: string;
  logStream?: string;
  subscriptionFilters?: string[];
  logEvents?: Array<{ id?: string; timestamp?: number; message?: string }>;
}

/**
 * Base64-decode and decompress a subscription `data` field. CloudWatch Logs sends gzip;
 * zlib (as some test fixtures and account-level policies produce) is accepted too.
 */
export function inflateLogsData(data: string): Buffer {
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length < 2) throw new InvalidInputError('subscription data is empty or not base64');
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return gunzipSync(bytes);
  if (bytes[0] === 0x78) return inflateSync(bytes);
  throw new InvalidInputError('subscription data is neither gzip nor zlib compressed');
}

/** Decode `{"awslogs":{"data": …}}` into log events. */
export function decodeSubscriptionData(data: unknown, location: InputLocation): DecodeResult {
  if (typeof data !== 'string') return failed(location, 'awslogs.data is not a string', data);
  let message: unknown;
  try {
    message = JSON.parse(inflateLogsData(data).toString('utf8'));
  } catch (error) {
    return failed(location, `cannot decode awslogs.data: ${(error as Error).message}`, data);
  }
  return decodeLogsMessage(message, location);
}

/**
 * Turn a decoded DATA_MESSAGE into raw events. A CONTROL_MESSAGE (the subscription's health
 * check) yields nothing and no problem.
 */
export function decodeLogsMessage(value: unknown, location: InputLocation): DecodeResult {
  const message = value as LogsMessage;
  if (message?.messageType === 'CONTROL_MESSAGE') return { events: [], problems: [] };
  if (message?.messageType !== 'DATA_MESSAGE') {
    return failed(location, `unknown messageType ${quote(message?.messageType)}`, value);
  }
  const cluster = clusterOfLogGroup(text(message.logGroup));
  const stream = streamKindOf(text(message.logStream));
  if (!cluster || !stream) {
    return failed(
      location,
      `not an EKS control-plane log stream: ${text(message.logGroup).slice(0, 200)}:${text(message.logStream).slice(0, 200)}`,
      undefined,
    );
  }
  if (!Array.isArray(message.logEvents)) return failed(location, 'logEvents is not an array', undefined);
  const origin = originOf(message.owner, regionOfFilters(message.subscriptionFilters));
  return decodeAll(message.logEvents, (logEvent, index) => {
    if (typeof logEvent?.message !== 'string' || typeof logEvent.id !== 'string') {
      return problemAt({ ...location, record: index }, 'log event lacks id or message', logEvent);
    }
    const record = logRecord(logEvent.id, logEvent.timestamp, logEvent.message, cluster, stream, message.logStream);
    return origin ? { ...record, origin } : record;
  });
}

/** One control-plane log event as a raw record. */
function logRecord(
  id: string,
  timestamp: unknown,
  message: string,
  cluster: string,
  stream: string,
  logStream: unknown,
): RawLogEvent {
  return { id, timestamp: num(timestamp) ?? 0, message, cluster, stream, logStream: text(logStream) || undefined };
}

/** Kinesis Data Streams records whose data are subscription payloads. */
export function decodeKinesisRecords(records: unknown[], location: InputLocation): DecodeResult {
  return decodeAll(records, (record, index) =>
    decodeSubscriptionData(obj(obj(record)?.kinesis)?.data, { ...location, record: index }),
  );
}

/** Output of `aws logs filter-log-events` (or get-log-events): the cluster must be given. */
export function decodeFilterLogEvents(
  value: { events: unknown[] },
  location: InputLocation,
  cluster: string,
): DecodeResult {
  return decodeAll(value.events, (item, index) => {
    const e = obj(item) ?? {};
    const stream = streamKindOf(text(e.logStreamName));
    if (!stream || typeof e.message !== 'string') {
      const reason = `not an EKS control-plane log event (stream ${quote(e.logStreamName)})`;
      return problemAt({ ...location, record: index }, reason, undefined);
    }
    const id = idOf(e.eventId, `${text(e.logStreamName)}/${num(e.timestamp) ?? 0}/${index}`);
    return logRecord(id, e.timestamp, e.message, cluster, stream, e.logStreamName);
  });
}

function failed(location: InputLocation, reason: string, input: unknown): DecodeResult {
  return { events: [], problems: [problemAt(location, reason, input)] };
}
