import type { AuditEvent } from '../sources/audit-event.ts';
import { isAuditEvent } from '../sources/audit-event.ts';
import { InvalidInputError } from '../sources/errors.ts';
import { parseAuditRecord, principalKind } from '../sources/eks-audit.ts';
import type { AwsRanges } from '../sources/aws-ranges.ts';
import { awsAddressTest } from '../sources/aws-ranges.ts';
import { inNetworks, ipScope } from '../sources/ip-scope.ts';
import { normalizeRecord } from '../sources/registry.ts';
import { num, obj, strs, text } from '../sources/read.ts';
import type { Candidate, RawLogEvent } from '../sources/types.ts';
import type { Home, Origin } from '../sources/origin.ts';
import { clusterIdOf, originOf, partsOfClusterId, placeOf } from '../sources/origin.ts';
import { testCondition } from './conditions.ts';
import { factOf, fingerprintOf } from './fingerprint.ts';
import { RuleIndex } from './rule-index.ts';
import type { Condition, Rule } from './rule-schema.ts';
import type { Signal } from './signal.ts';
import { safeSignal } from '../redaction/safe-signal.ts';
import { knownPlace } from '../routing.ts';

/** Options of {@link Classifier.classify}. */
export interface ClassifyOptions {
  /** Also return unmatched records, as signals with `rule: null`. @default false */
  readonly includeUnmatched?: boolean;
}

/** Classifies raw records with an indexed rule catalogue. */
export class Classifier {
  private readonly index: RuleIndex;
  private readonly patterns = new Map<string, RegExp>();

  private readonly ours: (address: string) => boolean;
  private readonly awsRegion?: string;
  private readonly awsRanges?: () => AwsRanges;
  private readonly home: Home;
  private awsTest?: (address: string) => boolean;
  private readonly publicScopes = new Map<string, 'ours' | 'aws' | 'internet'>();

  /**
   * `trustedNetworks`: your own public addresses, which make a request's `source.scope` "ours", not
   * "internet"; `awsRanges`: AWS's published addresses, which make it "aws" (read the first time a
   * public address is checked; without them no address is AWS's, for sources that carry no callers'
   * addresses); `awsRegion`: the region
   * whose ranges count (every region's when unset); `home`: the account and region whose clusters keep
   * their bare names (others are `<account>/<region>/<name>`).
   */
  public constructor(
    public readonly rules: readonly Rule[],
    options: {
      readonly trustedNetworks?: readonly string[];
      readonly awsRanges?: () => AwsRanges;
      readonly awsRegion?: string;
      readonly home?: Home;
    } = {},
  ) {
    this.ours = inNetworks(options.trustedNetworks ?? []);
    this.awsRanges = options.awsRanges;
    this.awsRegion = options.awsRegion;
    this.home = options.home ?? { region: options.awsRegion };
    this.index = new RuleIndex(rules);
    for (const rule of rules) if (rule.match.pattern) this.patterns.set(rule.id, new RegExp(rule.match.pattern, 'i'));
  }

  /**
   * Classify one record. Audit records that no rule could match are dismissed before they are
   * normalized, which is what keeps classification close to the cost of parsing.
   * @throws {InvalidInputError} when the record is malformed.
   */
  public classify(raw: RawLogEvent, options: ClassifyOptions = {}): Signal[] {
    let record = raw;
    if (raw.stream === 'audit') {
      const event = parseAuditRecord(raw);
      if (!isAuditEvent(event)) throw new InvalidInputError('not an audit.k8s.io Event');
      if (!options.includeUnmatched && !this.mayMatchAudit(event)) return [];
      // Normalize what was just parsed instead of parsing the message a second time.
      if (raw.parsed === undefined) record = { ...raw, parsed: event };
    }
    const candidate = this.located(this.placed(normalizeRecord(record), raw.origin));
    if (candidate === undefined) return [];
    const matched = this.match(candidate);
    if (matched.length === 0) return options.includeUnmatched ? [unmatchedSignal(candidate)] : [];
    const evidence = evidenceOf(candidate);
    return matched.map((rule) => signalOf(rule, candidate, evidence));
  }

  /** The candidate with its account and region, its cluster named by account + region + name ({@link clusterIdOf}). */
  private placed(candidate: Candidate | undefined, origin: Origin | undefined): Candidate | undefined {
    if (candidate === undefined) return undefined;
    // A source that names a spoke's cluster by its id (an Alertmanager `cluster` label) says where it is.
    const named = partsOfClusterId(candidate.cluster, {});
    if (named.account) return { ...candidate, account: named.account, region: named.region };
    const from = origin ?? originOf(candidate.account, candidate.region);
    const { account, region } = placeOf(from, this.home);
    return { ...candidate, cluster: clusterIdOf(candidate.cluster, from, this.home), account, region };
  }

  /** The candidate with its source scope "ours" (a trusted network) or "aws" (AWS's addresses) when it is. */
  private located(candidate: Candidate | undefined): Candidate | undefined {
    const address = candidate?.actor?.sourceIPs?.[0];
    if (candidate?.facts['source.scope'] !== 'internet' || !address) return candidate;
    const scope = this.publicScope(address);
    return scope === 'internet' ? candidate : { ...candidate, facts: { ...candidate.facts, 'source.scope': scope } };
  }

  /**
   * Where a public address is: yours, AWS's (the ranges are read the first time one is needed), or
   * elsewhere. A cluster's callers are few: each address is looked up once (bounded, as hostile input
   * could otherwise grow the cache).
   */
  private publicScope(address: string): 'ours' | 'aws' | 'internet' {
    const known = this.publicScopes.get(address);
    if (known) return known;
    let scope: 'ours' | 'aws' | 'internet' = 'internet';
    if (this.ours(address)) scope = 'ours';
    else if (this.awsRanges) {
      this.awsTest ??= awsAddressTest(this.awsRanges(), this.awsRegion);
      if (this.awsTest(address)) scope = 'aws';
    }
    if (this.publicScopes.size >= 4096) this.publicScopes.clear();
    this.publicScopes.set(address, scope);
    return scope;
  }

  /** Signals of an already-normalized candidate (checks Watchkeeper makes itself, such as log silence). */
  public classifyCandidate(candidate: Candidate): Signal[] {
    const evidence = evidenceOf(candidate);
    return this.match(candidate).map((rule) => signalOf(rule, candidate, evidence));
  }

  /** Every enabled rule that matches a normalized candidate. */
  public match(candidate: Candidate): Rule[] {
    const out: Rule[] = [];
    if (candidate.source === 'eks-audit') {
      const key = auditResourceKey(candidate);
      const code = typeof candidate.facts.responseCode === 'number' ? candidate.facts.responseCode : undefined;
      const seen = new Set<Rule>();
      for (const list of this.index.auditCandidates(
        key,
        candidate.verb ?? '',
        candidate.actor?.username ?? '',
        code,
        String(candidate.facts['user.kind'] ?? ''),
        String(candidate.facts['source.scope'] ?? ''),
      )) {
        for (const rule of list) {
          if (!seen.has(rule) && this.matches(rule, candidate)) out.push(rule);
          seen.add(rule);
        }
      }
      return out;
    }
    const text = (candidate.message ?? '').toLowerCase();
    for (const rule of this.index.textCandidates(candidate.source, text)) {
      if (this.matches(rule, candidate, text)) out.push(rule);
    }
    return out;
  }

  /** The cheap pre-check on the raw event: its fields are read with their types checked, nothing is copied. */
  private mayMatchAudit(event: AuditEvent): boolean {
    const ref = obj(event.objectRef);
    const resource = text(ref?.resource);
    const subresource = text(ref?.subresource);
    const key = subresource ? `${resource}/${subresource}` : resource;
    const user = obj(event.impersonatedUser) ?? obj(event.user);
    const username = text(user?.username);
    const code = num(obj(event.responseStatus)?.code);
    return this.index.hasAuditCandidates(
      key,
      text(event.verb),
      username,
      code,
      () => principalKind(username, strs(user?.groups)),
      () => this.scopeOf(strs(event.sourceIPs)?.[0]),
    );
  }

  /** `source.scope` of an address, your own networks included. */
  private scopeOf(address: string | undefined): string {
    const scope = ipScope(address);
    return scope === 'internet' && address ? this.publicScope(address) : (scope ?? '');
  }

  private matches(rule: Rule, candidate: Candidate, lowerText?: string): boolean {
    const m = rule.match;
    if (!m.sources.includes(candidate.source)) return false;
    if (
      candidate.source === 'eks-audit' &&
      (m.resources || m.verbs || m.users || m.responseCodes || m.userKinds || m.sourceScopes)
    ) {
      const full = auditResourceKey(candidate);
      if (m.resources && !m.resources.includes('*') && !m.resources.includes(full)) return false;
      if (m.verbs && !m.verbs.includes('*') && !m.verbs.includes(candidate.verb ?? '')) return false;
      if (m.users && !m.users.includes(candidate.actor?.username ?? '')) return false;
      if (m.responseCodes && !m.responseCodes.includes(Number(candidate.facts.responseCode))) return false;
      if (m.userKinds && !m.userKinds.includes(String(candidate.facts['user.kind']) as never)) return false;
      if (m.sourceScopes && !m.sourceScopes.includes(String(candidate.facts['source.scope']) as never)) return false;
    }
    if (m.keywords) {
      const text = lowerText ?? (candidate.message ?? '').toLowerCase();
      if (!m.keywords.some((k) => text.includes(k.toLowerCase()))) return false;
    }
    const pattern = this.patterns.get(rule.id);
    if (pattern && !pattern.test(candidate.message ?? '')) return false;
    if (m.when && !allHold(m.when, candidate)) return false;
    if (m.whenAny && !m.whenAny.some((conditions) => allHold(conditions, candidate))) return false;
    return true;
  }
}

/** `resource` or `resource/subresource` of the audited request (not of an Event's involved object). */
function auditResourceKey(candidate: Candidate): string {
  const resource = String(candidate.facts.resource ?? '');
  return candidate.facts.subresource ? `${resource}/${candidate.facts.subresource}` : resource;
}

function allHold(conditions: Readonly<Record<string, Condition>>, candidate: Candidate): boolean {
  for (const fact in conditions) {
    if (!testCondition(factOf(candidate, fact), conditions[fact])) return false;
  }
  return true;
}

/** Where a rule's runbook lives in the catalogue. */
export const runbookPath = (ruleId: string): string => `rules/runbooks/${ruleId}.md`;

/** The signal of a matched rule, made safe to keep ({@link safeSignal}: the one place every source passes). */
function signalOf(rule: Rule, candidate: Candidate, evidence: Record<string, unknown>): Signal {
  const o = candidate.overrides ?? {};
  return safeSignal({
    rule: rule.id,
    title: o.title ?? rule.title,
    severity: o.severity ?? rule.severity,
    category: o.category ?? rule.category,
    component: o.component ?? rule.component,
    team: o.team ?? rule.team,
    source: candidate.source,
    cluster: candidate.cluster,
    ...knownPlace(candidate),
    fingerprint: fingerprintOf(candidate.cluster, rule.id, candidate, rule.fingerprint),
    occurredAt: candidate.occurredAt,
    eventId: candidate.eventId,
    resource: candidate.resource ?? {},
    actor: candidate.actor ?? { username: '' },
    summary: o.summary ?? rule.summary,
    runbook: o.runbook ?? runbookPath(rule.id),
    evidence,
    ...(candidate.action && candidate.action !== 'open' ? { action: candidate.action } : {}),
    ...(candidate.action === 'resolve' && candidate.episodeStart ? { episodeStart: candidate.episodeStart } : {}),
    ...(rule.changeOnly ? { changeOnly: true } : {}),
    ...(rule.firstSeen ? { firstSeen: true } : {}),
    ...(rule.quietPeriodMinutes ? { quietPeriodMinutes: rule.quietPeriodMinutes } : {}),
    ...(rule.minCount ? { minCount: rule.minCount } : {}),
  });
}

function unmatchedSignal(candidate: Candidate): Signal {
  return safeSignal({
    rule: null,
    title: candidate.message?.slice(0, 120) ?? `${candidate.verb ?? ''} ${candidate.resource?.resource ?? ''}`.trim(),
    severity: 'info',
    category: null,
    component: null,
    team: null,
    source: candidate.source,
    cluster: candidate.cluster,
    ...knownPlace(candidate),
    fingerprint: null,
    occurredAt: candidate.occurredAt,
    eventId: candidate.eventId,
    resource: candidate.resource ?? {},
    actor: candidate.actor ?? { username: '' },
    summary: '',
    runbook: null,
    evidence: evidenceOf(candidate),
  });
}

/** The facts rules matched on, empty ones dropped to keep samples small (safeSignal redacts them). */
function evidenceOf(candidate: Candidate): Record<string, unknown> {
  const evidence: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(candidate.facts)) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    evidence[key] = value;
  }
  if (candidate.message) evidence.message = candidate.message;
  return evidence;
}
