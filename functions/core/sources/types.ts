import type { Category, Component, Severity } from '../vocabulary.ts';
import type { Origin } from './origin.ts';
import type { Source } from '../vocabulary.ts';

/** One log event as it arrived, before normalization. */
export interface RawLogEvent {
  /** The source's own id (CloudWatch Logs event id, or a derived stable id). */
  readonly id: string;
  /** Milliseconds since the epoch, as delivered. */
  readonly timestamp: number;
  readonly message: string;
  readonly cluster: string;
  /** The kind of record: the `kind` of the source that reads it (see `registry.ts`). */
  readonly stream: string;
  readonly logStream?: string;
  /** Already-parsed JSON (audit or Kubernetes events read from JSON lines), to avoid parsing twice. */
  readonly parsed?: unknown;
  /** The account and region the delivery says it comes from (a spoke's), when it says. */
  readonly origin?: Origin;
}

/** Where a piece of input came from, for error reports: file, line, record. */
export interface InputLocation {
  readonly file: string;
  readonly line?: number;
  readonly record?: number;
}

/** Input that could not be decoded or normalized, kept with the reason. */
export interface Problem {
  readonly location: InputLocation;
  readonly reason: string;
  /** The first bytes of the offending input, secrets redacted, for the quarantine. */
  readonly excerpt: string;
}

/** What a decoder returns: every valid event, and a problem for everything else. */
export interface DecodeResult {
  readonly events: RawLogEvent[];
  readonly problems: Problem[];
}

/** Who did it. */
export interface Actor {
  readonly username: string;
  /** The Kubernetes user's uid (the authenticator's `aws-iam-authenticator:<account>:<id>`). */
  readonly uid?: string;
  readonly groups?: readonly string[];
  readonly arn?: string;
  readonly accessKeyId?: string;
  readonly sessionName?: string;
  readonly sourceIPs?: readonly string[];
  readonly userAgent?: string;
  /** The real caller when the request impersonated `username`. */
  readonly impersonatedBy?: string;
  /** How Watchkeeper knows who this is when the record did not say (an authenticator line, a change). */
  readonly via?: string;
}

/** What it was done to. */
export interface ResourceRef {
  readonly resource?: string;
  readonly kind?: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly apiGroup?: string;
}

/**
 * One normalized record: the common fields every rule can match on, plus the flat facts
 * (`pod.privileged`, `binding.roleRef` …) specific to its source.
 */
export interface Candidate {
  readonly source: Source;
  readonly cluster: string;
  /** The AWS account and region of the cluster (a source may say; otherwise its delivery's, or the home's). */
  readonly account?: string;
  readonly region?: string;
  readonly eventId: string;
  readonly occurredAt: string;
  readonly actor?: Actor;
  readonly resource?: ResourceRef;
  /** Audit verb, or undefined for text streams. */
  readonly verb?: string;
  /** Text of a log line (already redacted), for text rules. */
  readonly message?: string;
  /** Flat facts for rule conditions; values are scalars or arrays of scalars. */
  readonly facts: Readonly<Record<string, Fact>>;
  /**
   * What the source itself says about the signal (an alarm's severity and owner, a GuardDuty
   * finding's score, an Alertmanager alert's labels): it takes precedence over the rule's defaults.
   */
  readonly overrides?: SignalOverrides;
  /** `resolve` when the source says the problem is over (alarm OK, alert resolved); `record` to note it only. */
  readonly action?: SignalAction;
  /**
   * For a `resolve`: when the episode it ends began, if the source says it fired at all (an
   * Alertmanager `startsAt`; an alarm leaving ALARM). A resolution that overtakes its firing is then
   * kept as an incident that opened and resolved, and the late firing does not reopen it.
   */
  readonly episodeStart?: string;
}

/** What a signal asks of its incident. */
export type SignalAction = 'open' | 'resolve' | 'record';

/** Source-provided values that replace the rule's. */
export interface SignalOverrides {
  readonly severity?: Severity;
  readonly team?: string;
  readonly component?: Component;
  readonly category?: Category;
  readonly title?: string;
  readonly summary?: string;
  readonly runbook?: string;
}

/** A value a rule condition can test. */
export type Fact = string | number | boolean | readonly string[] | undefined;
