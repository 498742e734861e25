import { createHash } from 'node:crypto';
import {
  decodeFilterLogEvents,
  decodeKinesisRecords,
  decodeLogsMessage,
  decodeSubscriptionData,
} from './cloudwatch-logs.ts';
import { isAlertmanagerPayload } from './alertmanager.ts';
import { decodeAll } from './decode-result.ts';
import { originOf } from './origin.ts';
import { problemAt, quote } from './problem.ts';
import { idOf, obj, text, timeOf } from './read.ts';
import { DETECTING_SOURCES, sourceOfDetailType, streamKindOf } from './registry.ts';
import type { StreamKind } from './registry.ts';
import type { DecodeResult, InputLocation, Problem, RawLogEvent } from './types.ts';

/** How to read input whose shape does not say everything. */
export interface DecodeOptions {
  /** Name for error reports (a file name, or `stdin`). */
  readonly file: string;
  /**
   * Cluster for input that does not carry one (audit JSON lines, filter-log-events output, raw lines).
   * @default 'unknown'
   */
  readonly cluster?: string;
  /** Stream for raw text lines (`kube-apiserver`, `authenticator-…`, …); without it text lines are errors. */
  readonly stream?: StreamKind;
  /** Receive-time fallback for records without their own time. @default Date.now() */
  readonly now?: number;
}

/**
 * Decode any supported input, auto-detecting its format: a subscription event, Kinesis records,
 * a decoded DATA_MESSAGE, `aws logs filter-log-events` output, audit or Kubernetes Events (single,
 * lists, JSON lines), or raw text lines for a named stream. Nothing throws: every part that cannot
 * be read becomes a {@link Problem} and the rest is still returned.
 */
export function decodeInput(text: string, options: DecodeOptions): DecodeResult {
  const trimmed = text.trim();
  if (trimmed === '') return { events: [], problems: [] };
  if (!options.stream && (trimmed[0] === '{' || trimmed[0] === '[')) {
    const document = parseJson(trimmed);
    // Not one document: read it as JSON lines.
    if (document.ok) return decodeSafely(document.value, { file: options.file }, options);
  }
  return decodeLines(text, options);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: Error } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: error as Error };
  }
}

/**
 * {@link decodeDocument}, with anything it throws (a bug, or input crafted to exhaust the stack)
 * turned into a problem of that document alone: one bad record never fails its delivery.
 */
export function decodeSafely(value: unknown, location: InputLocation, options: DecodeOptions): DecodeResult {
  try {
    return decodeDocument(value, location, options);
  } catch (error) {
    return { events: [], problems: [problemAt(location, `cannot be read: ${(error as Error).name}`, undefined)] };
  }
}

/** Lists inside lists (EventList items, CloudTrail Records, JSON arrays) deeper than this are refused. */
const MAX_NESTING = 4;

function decodeLines(text: string, options: DecodeOptions): DecodeResult {
  const events: RawLogEvent[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].replace(/\r$/, '');
    if (line.trim() === '') continue;
    const location = { file: options.file, line: index + 1 };
    if (options.stream) {
      events.push(textLine(line, options.stream, options, seen));
      continue;
    }
    const parsed = parseJson(line);
    if (!parsed.ok) {
      problems.push(
        problemAt(location, `not valid JSON (${parsed.error.message}); use --stream NAME for raw log lines`, line),
      );
      continue;
    }
    const result = decodeSafely(parsed.value, location, options);
    events.push(...result.events);
    problems.push(...result.problems);
  }
  return { events, problems };
}

/** Raw lines get a stable id from their content (and occurrence), so redelivery is recognised. */
function textLine(line: string, stream: StreamKind, options: DecodeOptions, seen: Map<string, number>): RawLogEvent {
  const digest = createHash('sha1').update(stream).update('\0').update(line).digest('base64url');
  const nth = (seen.get(digest) ?? 0) + 1;
  seen.set(digest, nth);
  return {
    id: `line:${digest}:${nth}`,
    timestamp: options.now ?? Date.now(),
    message: line,
    cluster: options.cluster ?? 'unknown',
    stream,
  };
}

/** Decode one parsed JSON document of any supported shape; `depth` counts the lists it is inside. */
export function decodeDocument(
  value: unknown,
  location: InputLocation,
  options: DecodeOptions,
  depth = 0,
): DecodeResult {
  if (depth > MAX_NESTING) {
    return { events: [], problems: [problemAt(location, `lists nested deeper than ${MAX_NESTING} levels`, undefined)] };
  }
  if (Array.isArray(value)) return decodeEach(value, location, options, depth);
  if (typeof value !== 'object' || value === null) {
    return { events: [], problems: [problemAt(location, 'unsupported input: not a JSON object', value)] };
  }
  const doc = value as Record<string, unknown>;
  // Envelopes first: what carries records of some source.
  switch (envelopeOf(doc)) {
    case 'subscription':
      return decodeSubscriptionData((doc.awslogs as { data?: unknown }).data, location);
    case 'kinesis':
      return decodeKinesisRecords(doc.Records as unknown[], location);
    case 'eventbridge':
      return decodeEventBridge(doc, location, options.now ?? Date.now());
    case 'logs-message':
      return decodeLogsMessage(doc, location);
    case 'filter-log-events':
      return decodeFilterLogEvents(doc as { events: unknown[] }, location, options.cluster ?? 'unknown');
    case 'list':
      return decodeEach((doc.Records ?? doc.items ?? doc.Findings) as unknown[], location, options, depth);
    default:
      break;
  }
  // Then the documents a source recognises standing alone.
  const context = { location, cluster: options.cluster ?? 'unknown', now: options.now ?? Date.now() };
  for (const module of DETECTING_SOURCES) {
    const found = module.detect(doc, context);
    if (found) return found;
  }
  // Last, a record a log shipper or SIEM wrapped: the document as JSON text (or an object) in one field.
  const inner = unwrapped(doc);
  if (inner !== undefined) return decodeDocument(inner, location, options, depth + 1);
  return { events: [], problems: [problemAt(location, describeUnsupported(doc), doc)] };
}

/** Fields shippers put the original record in: CloudWatch exports, Fluent Bit, Splunk HEC, Elastic. */
const WRAPPER_FIELDS = ['message', 'log', 'event', '_raw', 'raw'] as const;

/** The record a wrapper carries as a JSON object (or its text), if it carries one. */
function unwrapped(doc: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  for (const field of WRAPPER_FIELDS) {
    const value = doc[field];
    if (obj(value)) return value as Record<string, unknown>;
    if (typeof value !== 'string' || value.trimStart()[0] !== '{') continue;
    try {
      const parsed: unknown = JSON.parse(value);
      if (obj(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // Not JSON after all: not a wrapper of this field.
    }
  }
  return undefined;
}

/** What carries records: a transport of AWS, or a list. */
type Envelope = 'subscription' | 'kinesis' | 'eventbridge' | 'logs-message' | 'filter-log-events' | 'list';

function envelopeOf(doc: Readonly<Record<string, unknown>>): Envelope | undefined {
  if (obj(doc.awslogs)) return 'subscription';
  if (Array.isArray(doc.Records)) return obj(obj(doc.Records[0])?.kinesis) ? 'kinesis' : 'list';
  if (typeof doc['detail-type'] === 'string' && obj(doc.detail)) return 'eventbridge';
  if (typeof doc.messageType === 'string') return 'logs-message';
  if (Array.isArray(doc.events) && (doc.events.length === 0 || obj(doc.events[0])?.logStreamName !== undefined))
    return 'filter-log-events';
  // `kubectl get events -o json` answers a `List`; the API and audit files an `EventList`.
  if ((doc.kind === 'EventList' || doc.kind === 'List') && Array.isArray(doc.items)) return 'list';
  // A page of GuardDuty `GetFindings`.
  if (Array.isArray(doc.Findings)) return 'list';
  return undefined;
}

/** Which Lambda function receives a document in AWS: what the local runtime delivers it through. */
export type EntryPoint = 'ingest-logs' | 'ingest-events' | 'alertmanager' | 'file';

/**
 * The entry point of a document: CloudWatch Logs deliveries (subscription or Kinesis) go to
 * ingest-logs, EventBridge events to ingest-events, webhook payloads to the Alertmanager function;
 * anything else is a file that only `classify` and `replay` read.
 */
export function entryPointOf(doc: unknown): EntryPoint {
  const document = obj(doc);
  if (!document) return 'file';
  const envelope = envelopeOf(document);
  if (envelope === 'subscription' || envelope === 'kinesis') return 'ingest-logs';
  if (envelope === 'eventbridge') return 'ingest-events';
  if (envelope === undefined && isAlertmanagerPayload(document)) return 'alertmanager';
  return 'file';
}

/** An EventBridge event: the source of its detail-type reads it. */
function decodeEventBridge(doc: Readonly<Record<string, unknown>>, location: InputLocation, now: number): DecodeResult {
  const module = sourceOfDetailType(text(doc['detail-type']));
  if (!module?.eventBridge) {
    const reason = `unsupported EventBridge detail-type ${quote(doc['detail-type'])}`;
    return { events: [], problems: [problemAt(location, reason, undefined)] };
  }
  const event: RawLogEvent = {
    id: idOf(doc.id, `${location.file}:${location.line ?? 0}:${location.record ?? 0}`),
    timestamp: timeOf(doc.time) ?? now,
    message: '',
    cluster: 'unknown',
    stream: module.kind,
    parsed: module.eventBridge.parsed ? module.eventBridge.parsed(doc) : doc.detail,
  };
  const origin = originOf(doc.account, doc.region);
  return { events: [origin ? { ...event, origin } : event], problems: [] };
}

function decodeEach(items: unknown[], location: InputLocation, options: DecodeOptions, depth: number): DecodeResult {
  return decodeAll(items, (item, record) => decodeDocument(item, { ...location, record }, options, depth + 1));
}

function describeUnsupported(doc: Record<string, unknown>): string {
  if ('kind' in doc)
    return `unsupported input: kind ${quote(doc.kind)} is not an audit Event, EventList, List or Kubernetes Event`;
  const keys = Object.keys(doc)
    .slice(0, 6)
    .map((key) => key.slice(0, 40))
    .join(', ');
  return `unsupported input: none of the known shapes (keys: ${keys || 'none'})`;
}

/** Resolve a `--stream` argument (a kind or a full stream name) or say why not. */
export function parseStreamOption(name: string): StreamKind | undefined {
  return streamKindOf(name);
}
