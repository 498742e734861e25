import { alertmanager } from './alertmanager.ts';
import { cloudTrail } from './cloudtrail.ts';
import { cloudWatchAlarm } from './cloudwatch-alarm.ts';
import { eksApiserver } from './eks-apiserver.ts';
import { eksAudit } from './eks-audit.ts';
import { eksAuthenticator } from './eks-authenticator.ts';
import { eksCloudControllerManager } from './eks-cloud-controller-manager.ts';
import { eksControllerManager } from './eks-controller-manager.ts';
import { eksScheduler } from './eks-scheduler.ts';
import { guardDuty } from './guardduty.ts';
import { kubeEvents } from './k8s-event.ts';
import { InvalidInputError } from './errors.ts';
import type { Identity } from '../attribution/identity.ts';
import type { SourceModule } from './source-module.ts';
import type { Source } from '../vocabulary.ts';
import type { Candidate, RawLogEvent } from './types.ts';

/**
 * Every source Watchkeeper reads, once. To add one: a module file next to these (see
 * `source-module.ts`), an entry here, and its rules. Order matters only for documents that stand
 * alone: the first source whose `detect` recognises a document takes it (audit events before
 * Kubernetes Events: both say `kind: Event`).
 */
export const SOURCE_MODULES = [
  eksAudit,
  eksAuthenticator,
  eksApiserver,
  eksControllerManager,
  eksScheduler,
  eksCloudControllerManager,
  cloudTrail,
  cloudWatchAlarm,
  guardDuty,
  alertmanager,
  kubeEvents,
] as const satisfies readonly SourceModule[];

type Module = (typeof SOURCE_MODULES)[number];

/** Every source of the vocabulary has its module: a name without one is a compile error here. */
const EVERY_SOURCE_READ: [Exclude<Source, Module['source']>] extends [never] ? true : never = true;
void EVERY_SOURCE_READ;

/** What a raw record is: the kind of its source. */
export type RecordKind = Module['kind'];

/** The kind of an EKS control-plane log stream. */
export type StreamKind = Extract<Module, { readonly logStreamPrefix: string }>['kind'];

const BY_KIND: ReadonlyMap<string, SourceModule> = new Map(SOURCE_MODULES.map((m) => [m.kind, m]));

/** Who is who, as the records of a delivery say it (authenticator lines). */
export function identitiesOf(events: readonly RawLogEvent[]): Identity[] {
  const out: Identity[] = [];
  for (const event of events) {
    const identity = BY_KIND.get(event.stream)?.identity?.(event);
    if (identity) out.push(identity);
  }
  return out;
}
const BY_DETAIL_TYPE: ReadonlyMap<string, SourceModule> = new Map(
  SOURCE_MODULES.flatMap(
    (m): Array<[string, SourceModule]> => ('eventBridge' in m ? [[m.eventBridge.detailType, m]] : []),
  ),
);
/** Longest prefix first: `kube-apiserver-audit` must win over `kube-apiserver`. */
const BY_STREAM_PREFIX: ReadonlyArray<readonly [string, StreamKind]> = SOURCE_MODULES.flatMap(
  (m): Array<readonly [string, StreamKind]> => ('logStreamPrefix' in m ? [[m.logStreamPrefix, m.kind]] : []),
).sort((a, b) => b[0].length - a[0].length);

/** The module of a record kind. */
export function sourceOfKind(kind: string): SourceModule | undefined {
  return BY_KIND.get(kind);
}

/** The module of an EventBridge `detail-type`. */
export function sourceOfDetailType(detailType: string): SourceModule | undefined {
  return BY_DETAIL_TYPE.get(detailType);
}

/** The sources that arrive through EventBridge (the stack subscribes a rule to each). */
export const EVENTBRIDGE_SOURCES = SOURCE_MODULES.flatMap((m) => ('eventBridge' in m ? [m] : []));

/** The sources that recognise a document standing alone, in registry order. */
export const DETECTING_SOURCES = SOURCE_MODULES.filter((m): m is Extract<Module, { detect: unknown }> => 'detect' in m);

/** The stream kind of an EKS control-plane log stream name (or a bare kind name), if it is one. */
export function streamKindOf(logStream: string): StreamKind | undefined {
  for (const [prefix, kind] of BY_STREAM_PREFIX) {
    if (logStream === prefix || logStream.startsWith(`${prefix}-`)) return kind;
  }
  for (const [, kind] of BY_STREAM_PREFIX) if (logStream === kind) return kind;
  return undefined;
}

/**
 * Normalize any raw record by its source. `undefined` means "nothing to classify" (an audit
 * RequestReceived stage); malformed input throws {@link InvalidInputError}.
 */
export function normalizeRecord(raw: RawLogEvent): Candidate | undefined {
  const module = sourceOfKind(raw.stream);
  if (!module) throw new InvalidInputError(`no source reads records of kind ${JSON.stringify(raw.stream)}`);
  return module.normalize(raw);
}
