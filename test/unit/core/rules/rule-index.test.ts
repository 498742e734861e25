import { describe, expect, it } from '@jest/globals';
import { withRuleDefaults } from '../../../../functions/core/rules/catalogue.ts';
import { RuleIndex } from '../../../../functions/core/rules/rule-index.ts';
import type { Rule, RuleInput } from '../../../../functions/core/rules/rule-schema.ts';

const rule = (id: string, match: RuleInput['match'], enabled = true): Rule =>
  withRuleDefaults({
    id,
    title: id,
    summary: id,
    severity: 'low',
    category: 'security',
    component: 'workload',
    team: 't',
    match,
    enabled,
  });

const EXEC = rule('exec', { sources: ['eks-audit'], resources: ['pods/exec'], verbs: ['create'] });
const ANY_DELETE = rule('any-delete', { sources: ['eks-audit'], resources: ['*'], verbs: ['delete'] });
const ADMIN = rule('admin', { sources: ['eks-audit'], users: ['kubernetes-admin'] });
const FORBIDDEN = rule('forbidden', { sources: ['eks-audit'], responseCodes: [403] });
const HUMANS = rule('humans', { sources: ['eks-audit'], userKinds: ['human'], verbs: ['patch'] });
const ETCD = rule('etcd', { sources: ['eks-apiserver'], keywords: ['etcdserver: request timed out'] });
const OUTSIDE = rule('outside', { sources: ['eks-audit'], sourceScopes: ['internet'] });
const OFF = rule('off', { sources: ['eks-audit'], resources: ['secrets'], verbs: ['get'] }, false);
const index = new RuleIndex([EXEC, ANY_DELETE, ADMIN, FORBIDDEN, HUMANS, OUTSIDE, ETCD, OFF]);
const ids = (lists: Rule[][]): string[] => [...new Set(lists.flat().map((r) => r.id))].sort();

describe('the rule index', () => {
  it.each([
    { name: 'resource and verb', args: ['pods/exec', 'create', 'jane', 201, 'human'], expected: ['exec'] },
    { name: 'a wildcard resource', args: ['configmaps', 'delete', 'jane', 200, 'human'], expected: ['any-delete'] },
    { name: 'a username', args: ['pods', 'list', 'kubernetes-admin', 200, 'human'], expected: ['admin'] },
    { name: 'a response code', args: ['pods', 'list', 'jane', 403, 'human'], expected: ['forbidden'] },
    {
      name: 'a kind of principal and verb',
      args: ['deployments', 'patch', 'jane', 200, 'human'],
      expected: ['humans'],
    },
    { name: 'nothing', args: ['pods', 'list', 'jane', 200, 'human'], expected: [] },
    { name: 'a disabled rule', args: ['secrets', 'get', 'jane', 200, 'human'], expected: [] },
  ] as const)('finds audit candidates by $name', ({ args, expected }) => {
    const [resource, verb, user, code, kind] = args;
    expect(ids(index.auditCandidates(resource, verb, user, code, kind, 'internal'))).toEqual(expected);
    expect(
      index.hasAuditCandidates(
        resource,
        verb,
        user,
        code,
        () => kind,
        () => 'internal',
      ),
    ).toBe(expected.length > 0);
  });

  it('finds rules for outside callers by the source scope, and only then', () => {
    expect(ids(index.auditCandidates('leases', 'update', 'system:node:x', 200, 'node', 'internet'))).toEqual([
      'outside',
    ]);
    expect(
      index.hasAuditCandidates(
        'leases',
        'update',
        'system:node:x',
        200,
        () => 'node',
        () => 'internet',
      ),
    ).toBe(true);
    expect(
      index.hasAuditCandidates(
        'leases',
        'update',
        'system:node:x',
        200,
        () => 'node',
        () => 'ours',
      ),
    ).toBe(false);
  });

  it('asks for the principal kind only when a rule is indexed by it', () => {
    let asked = 0;
    const ask = (answer: string) => () => {
      asked++;
      return answer;
    };
    new RuleIndex([EXEC]).hasAuditCandidates('pods', 'list', 'jane', 200, ask('human'), ask('internet'));
    expect(asked).toBe(0);
  });

  it('finds text candidates by the first word of a keyword, per source', () => {
    expect([...index.textCandidates('eks-apiserver', 'e1 x] etcdserver: request timed out')].map((r) => r.id)).toEqual([
      'etcd',
    ]);
    expect([...index.textCandidates('eks-scheduler', 'etcdserver: request timed out')]).toEqual([]);
    expect([...index.textCandidates('eks-apiserver', 'all is well')]).toEqual([]);
  });
});
