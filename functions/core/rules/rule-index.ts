import type { Rule } from './rule-schema.ts';

const WORD = /[a-z0-9_]+/g;

/**
 * Rules indexed so that finding the candidates for a record costs a few map lookups,
 * whatever the number of rules: audit rules by resource × verb (with `*` buckets), by username,
 * or by response code; text rules by source and the first word of each keyword.
 */
export class RuleIndex {
  /** resource (or `resource/subresource`, or `*`) → verb (or `*`) → rules. Nested maps: no key strings built per record. */
  private readonly byResourceVerb = new Map<string, Map<string, Rule[]>>();
  private readonly byUser = new Map<string, Rule[]>();
  /** principal kind → verb → rules (for rules about kinds of principal, such as people's changes). */
  private readonly byUserKind = new Map<string, Map<string, Rule[]>>();
  private readonly byCode = new Map<number, Rule[]>();
  private readonly byWord = new Map<string, Map<string, Rule[]>>();
  private readonly always = new Map<string, Rule[]>();
  private readonly byScope = new Map<string, Rule[]>();

  public constructor(rules: readonly Rule[]) {
    for (const rule of rules) if (rule.enabled) this.add(rule);
  }

  /** True when some rule could match an audit record: the cheap test run on every record. */
  public hasAuditCandidates(
    resourceKey: string,
    verb: string,
    username: string,
    code: number | undefined,
    kind: () => string,
    scope: () => string,
  ): boolean {
    const exact = this.byResourceVerb.get(resourceKey);
    const any = this.byResourceVerb.get('*');
    return (
      (exact !== undefined && (exact.has(verb) || exact.has('*'))) ||
      (any !== undefined && (any.has(verb) || any.has('*'))) ||
      this.byUser.has(username) ||
      (code !== undefined && this.byCode.has(code)) ||
      this.always.has('eks-audit') ||
      // The principal kind and the source scope are computed only when a rule is indexed by them.
      (this.byUserKind.size > 0 && this.byUserKind.get(kind())?.has(verb) === true) ||
      (this.byScope.size > 0 && this.byScope.has(scope()))
    );
  }

  /** Candidate rules for an audit record (lists may overlap; never mutate them). */
  public auditCandidates(
    resourceKey: string,
    verb: string,
    username: string,
    code: number | undefined,
    kind: string,
    scope: string,
  ): Rule[][] {
    const exact = this.byResourceVerb.get(resourceKey);
    const any = this.byResourceVerb.get('*');
    const lists = [
      exact?.get(verb),
      exact?.get('*'),
      any?.get(verb),
      any?.get('*'),
      this.byUser.get(username),
      code === undefined ? undefined : this.byCode.get(code),
      this.always.get('eks-audit'),
      this.byUserKind.get(kind)?.get(verb),
      this.byScope.get(scope),
    ];
    return lists.filter((list): list is Rule[] => list !== undefined);
  }

  /** Candidate rules for a text record (log line or event message) of a source. */
  public textCandidates(source: string, lowerText: string): Set<Rule> {
    const out = new Set<Rule>(this.always.get(source));
    const words = this.byWord.get(source);
    if (words !== undefined) {
      for (const word of lowerText.match(WORD) ?? []) {
        const rules = words.get(word);
        if (rules !== undefined) for (const rule of rules) out.add(rule);
      }
    }
    return out;
  }

  private add(rule: Rule): void {
    const m = rule.match;
    if (m.sources.includes('eks-audit')) this.addAudit(rule);
    const textSources = m.sources.filter((s) => s !== 'eks-audit');
    if (textSources.length === 0) return;
    if (m.keywords) {
      for (const source of textSources) {
        const words = this.byWord.get(source) ?? new Map<string, Rule[]>();
        this.byWord.set(source, words);
        for (const keyword of m.keywords) {
          const first = keyword.toLowerCase().match(WORD)?.[0];
          if (first) bucket(words, first).push(rule);
          else bucket(this.always, source).push(rule);
        }
      }
    } else {
      for (const source of textSources) bucket(this.always, source).push(rule);
    }
  }

  private addAudit(rule: Rule): void {
    const m = rule.match;
    if (m.userKinds && !m.resources) {
      for (const kind of m.userKinds) {
        let verbs = this.byUserKind.get(kind);
        if (!verbs) {
          verbs = new Map<string, Rule[]>();
          this.byUserKind.set(kind, verbs);
        }
        for (const verb of m.verbs ?? [
          'get',
          'list',
          'watch',
          'create',
          'update',
          'patch',
          'delete',
          'deletecollection',
        ])
          bucket(verbs, verb).push(rule);
      }
    } else if (m.resources || m.verbs) {
      for (const resource of m.resources ?? ['*']) {
        let verbs = this.byResourceVerb.get(resource);
        if (!verbs) {
          verbs = new Map<string, Rule[]>();
          this.byResourceVerb.set(resource, verbs);
        }
        for (const verb of m.verbs ?? ['*']) bucket(verbs, verb).push(rule);
      }
    } else if (m.users) {
      for (const user of m.users) bucket(this.byUser, user).push(rule);
    } else if (m.responseCodes) {
      for (const code of m.responseCodes) bucket(this.byCode, code).push(rule);
    } else if (m.sourceScopes) {
      for (const scope of m.sourceScopes) bucket(this.byScope, scope).push(rule);
    } else {
      bucket(this.always, 'eks-audit').push(rule);
    }
  }
}

function bucket<K>(map: Map<K, Rule[]>, key: K): Rule[] {
  let list = map.get(key);
  if (!list) {
    list = [];
    map.set(key, list);
  }
  return list;
}
