import { createHash } from 'node:crypto';
import { isAuditEvent } from './audit-event.ts';
import {
  decodeFilterLogEvents,
  decodeKinesisRecords,
  decodeLogsMessage,
  decodeSubscriptionData,
} from './cloudwatch-logs.ts';
import { isKubeEvent } from './normalize-kube-event.ts';
import { isAlertmanagerPayload } from './alertmanager.ts';
import { isCloudTrailRecord } from './cloudtrail.ts';
import { problemAt, quote } from './problem.ts';
import { own } from '../own.ts';
import { idOf, obj, text, timeOf } from './read.ts';
import { streamKindOf } from './stream-kind.ts';
import type { DecodeResult, InputLocation, Problem, RawLogEvent, StreamKind } from './types.ts';

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
  const cluster = options.cluster ?? 'unknown';
  const now = options.now ?? Date.now();
  if (depth > MAX_NESTING) {
    return { events: [], problems: [problemAt(location, `lists nested deeper than ${MAX_NESTING} levels`, undefined)] };
  }
  if (Array.isArray(value)) return decodeEach(value, location, options, depth);
  if (typeof value !== 'object' || value === null) {
    return { events: [], problems: [problemAt(location, 'unsupported input: not a JSON object', value)] };
  }
  const doc = value as Record<string, unknown>;
  const awslogs = doc.awslogs as { data?: unknown } | undefined;
  if (awslogs && typeof awslogs === 'object') return decodeSubscriptionData(awslogs.data, location);
  if (Array.isArray(doc.Records) && (doc.Records[0] as { kinesis?: unknown })?.kinesis) {
    return decodeKinesisRecords(doc.Records, location);
  }
  if (Array.isArray(doc.Records)) return decodeEach(doc.Records, location, options, depth);
  if (typeof doc['detail-type'] === 'string' && typeof doc.detail === 'object')
    return decodeEventBridge(doc, location, now);
  if (doc.source === 'aws.cloudwatch' && typeof doc.alarmData === 'object') {
    // The alarm → Lambda action shape: alarmData carries what the EventBridge event's detail does.
    return one({
      id: idOf(doc.alarmArn, where(location)),
      timestamp: now,
      message: '',
      cluster,
      stream: 'cloudwatch-alarm',
      parsed: { detail: doc.alarmData, resources: [doc.alarmArn], account: doc.accountId },
    });
  }
  // Guards on an unknown: the shapes' fields are all optional, and a failed guard must not narrow `doc` away.
  const shaped: unknown = doc;
  if (isCloudTrailRecord(shaped))
    return one({
      id: idOf(shaped.eventID, where(location)),
      timestamp: now,
      message: '',
      cluster,
      stream: 'cloudtrail',
      parsed: shaped,
    });
  if (isAlertmanagerPayload(shaped)) {
    const payload = shaped;
    return {
      events: payload.alerts.map((alert, i) => ({
        id: `${idOf(payload.groupKey, '')}:${i}`,
        timestamp: now,
        message: '',
        cluster,
        stream: 'alertmanager' as const,
        parsed: { alert, payload },
      })),
      problems: [],
    };
  }
  if (typeof doc.messageType === 'string') return decodeLogsMessage(doc, location);
  if (
    Array.isArray(doc.events) &&
    (doc.events.length === 0 || (doc.events[0] as { logStreamName?: unknown })?.logStreamName !== undefined)
  ) {
    return decodeFilterLogEvents(doc as { events: unknown[] }, location, cluster);
  }
  if (doc.kind === 'EventList' && Array.isArray(doc.items)) return decodeEach(doc.items, location, options, depth);
  if (isAuditEvent(doc)) {
    const id = idOf(doc.auditID, where(location));
    return { events: [{ id, timestamp: now, message: '', cluster, stream: 'audit', parsed: doc }], problems: [] };
  }
  const kube: unknown = doc;
  if (isKubeEvent(kube)) {
    const metadata = obj(kube.metadata);
    const id = `k8s-event:${idOf(metadata?.uid, `${text(metadata?.namespace)}/${text(metadata?.name)}`)}`;
    return { events: [{ id, timestamp: now, message: '', cluster, stream: 'k8s-event', parsed: doc }], problems: [] };
  }
  return { events: [], problems: [problemAt(location, describeUnsupported(doc), doc)] };
}

/** `file:line:record`: the id of a record that brings none of its own. */
const where = (location: InputLocation): string => `${location.file}:${location.line ?? 0}:${location.record ?? 0}`;

const one = (event: RawLogEvent): DecodeResult => ({ events: [event], problems: [] });

const EVENTBRIDGE_KINDS: Readonly<Record<string, RawLogEvent['stream']>> = {
  'AWS API Call via CloudTrail': 'cloudtrail',
  'CloudWatch Alarm State Change': 'cloudwatch-alarm',
  'GuardDuty Finding': 'guardduty',
};

/** An EventBridge event: CloudTrail API calls, alarm state changes and GuardDuty findings. */
function decodeEventBridge(doc: Record<string, unknown>, location: InputLocation, now: number): DecodeResult {
  const kind = own(EVENTBRIDGE_KINDS, text(doc['detail-type']));
  if (!kind)
    return {
      events: [],
      problems: [problemAt(location, `unsupported EventBridge detail-type ${quote(doc['detail-type'])}`, undefined)],
    };
  const parsed =
    kind === 'cloudwatch-alarm' ? { detail: doc.detail, resources: doc.resources, account: doc.account } : doc.detail;
  return one({
    id: idOf(doc.id, where(location)),
    timestamp: timeOf(doc.time) ?? now,
    message: '',
    cluster: 'unknown',
    stream: kind,
    parsed,
  });
}

function decodeEach(items: unknown[], location: InputLocation, options: DecodeOptions, depth: number): DecodeResult {
  const events: RawLogEvent[] = [];
  const problems: Problem[] = [];
  items.forEach((item, record) => {
    const result = decodeDocument(item, { ...location, record }, options, depth + 1);
    events.push(...result.events);
    problems.push(...result.problems);
  });
  return { events, problems };
}

function describeUnsupported(doc: Record<string, unknown>): string {
  if ('kind' in doc)
    return `unsupported input: kind ${quote(doc.kind)} is not an audit Event, EventList or Kubernetes Event`;
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
