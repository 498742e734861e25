import type { Identity } from '../attribution/identity.ts';
import type { Source } from '../vocabulary.ts';
import type { Candidate, DecodeResult, InputLocation, RawLogEvent } from './types.ts';

/** What a source's detector knows about the document it looks at. */
export interface DetectContext {
  readonly location: InputLocation;
  /** The cluster to assume when the document names none. */
  readonly cluster: string;
  /** Receive time, for records without one. */
  readonly now: number;
}

/** How a source arrives through EventBridge, and the rule that subscribes to it. */
export interface EventBridgeSource {
  /** The `detail-type` of its events. */
  readonly detailType: string;
  /** What the rule is for, in the rule's description. */
  readonly description: string;
  /** The rule's event pattern beside the detail-type (EventBridge JSON). */
  readonly pattern: Readonly<Record<string, unknown>>;
  /** The pattern of events of global services (IAM), which EventBridge receives in us-east-1 only. */
  readonly globalPattern?: Readonly<Record<string, unknown>>;
  /** What a record keeps of the event. @default the event's `detail` */
  readonly parsed?: (event: Readonly<Record<string, unknown>>) => unknown;
}

/**
 * One source of signals: how its records are recognised, how they arrive, and how each becomes a
 * candidate for the rules. Every source is one module in `functions/core/sources/`, listed once in
 * `registry.ts`; decoding, normalization, stream names, the EventBridge rules of the stack and the
 * local runtime all read the registry.
 */
export interface SourceModule {
  /** The signal source, as rules and incidents name it (`eks-audit`, `cloudtrail` …). */
  readonly source: Source;
  /** The kind of raw record it reads (a record's `stream`). */
  readonly kind: string;
  /** The CloudWatch Logs stream name prefix of an EKS control-plane log stream (`kube-apiserver-audit`). */
  readonly logStreamPrefix?: string;
  /** How it arrives through EventBridge. */
  readonly eventBridge?: EventBridgeSource;
  /**
   * A document of this source as it stands alone (a file of audit events, a raw CloudTrail record, a
   * webhook payload): its records, or `undefined` when the document is not one.
   */
  readonly detect?: (doc: Readonly<Record<string, unknown>>, context: DetectContext) => DecodeResult | undefined;
  /** One record as a candidate; `undefined` when there is nothing to classify. Throws `InvalidInputError`. */
  readonly normalize: (raw: RawLogEvent) => Candidate | undefined;
  /** What a record says about who is who (an IAM principal and its Kubernetes names), if anything. */
  readonly identity?: (raw: RawLogEvent) => Identity | undefined;
}

/** Declare a source module, keeping its literal names (so that the registry can derive the vocabularies). */
export function defineSource<const M extends SourceModule>(module: M): M {
  return module;
}
