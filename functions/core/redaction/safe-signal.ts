import type { Signal } from '../rules/signal.ts';
import type { Actor, ResourceRef } from '../sources/types.ts';
import { looksLikeCredential, REDACTED, redactText } from './redact-text.ts';
import { cleanText } from '../render/inert.ts';

/** Lengths of what a signal carries: an item must stay far below DynamoDB's 400 KB with five samples. */
export const SIGNAL_LIMITS = {
  /** Names used as keys (cluster, team) and in resources and actors. */
  name: 253,
  title: 300,
  text: 2000,
  /** Each string of the evidence. */
  evidence: 1000,
  /** Entries of a list (groups, source IPs, list facts). */
  list: 50,
  /** Nesting of evidence values. */
  depth: 4,
} as const;

const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Short texts repeat (rule titles, verbs, resource names): their safe form is remembered, a bounded number. */
const SHORT = 256;
const remembered = new Map<string, string>();

/** Free text as it may be kept: secrets redacted, control and bidi characters gone, bounded. */
export function safeText(text: string, max: number = SIGNAL_LIMITS.text): string {
  if (text.length > SHORT) return cut(cleanText(redactText(text)), max);
  const key = `${max}\0${text}`;
  let safe = remembered.get(key);
  if (safe === undefined) {
    if (remembered.size >= 4096) remembered.clear();
    safe = cut(cleanText(redactText(text)), max);
    remembered.set(key, safe);
  }
  return safe;
}

/**
 * The signals of one record share its resource, actor and evidence objects: each is made safe once
 * (keyed by the object itself, forgotten with it).
 */
const madeSafe = new WeakMap<object, unknown>();
function once<T extends object>(value: T, make: (value: T) => T): T {
  const known = madeSafe.get(value);
  if (known !== undefined) return known as T;
  const safe = make(value);
  madeSafe.set(value, safe);
  return safe;
}

const safeName = (value: unknown): string | undefined =>
  typeof value === 'string' ? safeText(value, SIGNAL_LIMITS.name) : undefined;

/**
 * Evidence keys named by the source, not by Watchkeeper (Alertmanager labels, klog key/values, nested
 * objects): their values are redacted whole when the key or value looks like a credential.
 */
const SOURCE_NAMED = /^(label|kv|annotation)\./;

/**
 * Evidence: strings made safe, lists and nesting bounded. A value under a key the source named (see
 * SOURCE_NAMED, and every key of a nested object) is redacted whole when key or value looks like a
 * credential; list items keep the naming of their list, so `configmap.credentialKeys` keeps its key names.
 */
function safeValue(value: unknown, key: string, sourceNamed: boolean, depth: number): unknown {
  if (typeof value === 'string')
    return sourceNamed && looksLikeCredential(key, value) ? REDACTED : safeText(value, SIGNAL_LIMITS.evidence);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= SIGNAL_LIMITS.depth) return '[…]';
  if (Array.isArray(value))
    return value.slice(0, SIGNAL_LIMITS.list).map((item) => safeValue(item, key, sourceNamed, depth + 1));
  return Object.fromEntries(
    Object.entries(value)
      .slice(0, SIGNAL_LIMITS.list)
      .map(([k, v]) => [
        safeText(k, SIGNAL_LIMITS.name),
        safeValue(v, k, depth > 0 || SOURCE_NAMED.test(k), depth + 1),
      ]),
  );
}

const ACTOR_LISTS: ReadonlySet<string> = new Set(['groups', 'sourceIPs']);
const ACTOR_NAMES: ReadonlySet<string> = new Set([
  'username',
  'uid',
  'via',
  'arn',
  'accessKeyId',
  'sessionName',
  'userAgent',
  'impersonatedBy',
]);

const safeList = (values: unknown): string[] | undefined =>
  Array.isArray(values)
    ? values
        .slice(0, SIGNAL_LIMITS.list)
        .flatMap((v) => (typeof v === 'string' ? [safeText(v, SIGNAL_LIMITS.name)] : []))
    : undefined;

/** The actor's names and lists made safe, in the order its source wrote them; a username always. */
function safeActor(actor: Actor): Actor {
  const fields = Object.entries(actor).flatMap(([field, raw]) => {
    const value = ACTOR_LISTS.has(field) ? safeList(raw) : ACTOR_NAMES.has(field) ? safeName(raw) : undefined;
    return value === undefined ? [] : [[field, value]];
  });
  return { username: '', ...Object.fromEntries(fields) };
}

const RESOURCE_FIELDS: ReadonlySet<string> = new Set([
  'resource',
  'kind',
  'subresource',
  'namespace',
  'name',
  'apiGroup',
]);

/** The resource's names made safe, in the order its source wrote them. */
function safeResource(resource: ResourceRef): ResourceRef {
  return Object.fromEntries(
    Object.entries(resource).flatMap(([field, raw]) => {
      const value = RESOURCE_FIELDS.has(field) ? safeName(raw) : undefined;
      return value === undefined ? [] : [[field, value]];
    }),
  );
}

/**
 * A signal as it may be stored, logged and sent: the one place every source's output passes, so a
 * new source cannot leak. Every free-text field is redacted (tokens, passwords, Authorization
 * headers, keys) and stripped of control and bidi characters; names, lists and evidence are bounded.
 */
export function safeSignal(signal: Signal): Signal {
  return {
    ...signal,
    title: safeText(signal.title, SIGNAL_LIMITS.title),
    summary: safeText(signal.summary),
    team: signal.team === null ? null : (safeName(signal.team) ?? null),
    cluster: safeName(signal.cluster) ?? 'unknown',
    runbook: signal.runbook === null ? null : safeText(signal.runbook),
    resource: once(signal.resource, safeResource),
    actor: once(signal.actor, safeActor),
    evidence: once(signal.evidence, (evidence) => safeValue(evidence, '', false, 0) as Record<string, unknown>),
    eventId: cut(signal.eventId, 512),
  };
}
