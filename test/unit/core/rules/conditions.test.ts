import { describe, expect, it } from '@jest/globals';
import { testCondition } from '../../../../functions/core/rules/conditions.ts';
import type { Condition } from '../../../../functions/core/rules/rule-schema.ts';
import type { Fact } from '../../../../functions/core/sources/types.ts';

describe('rule conditions on one fact', () => {
  it.each<{ name: string; value: Fact; condition: Condition; holds: boolean }>([
    { name: 'a scalar equals', value: 'kube-system', condition: 'kube-system', holds: true },
    { name: 'a scalar differs', value: 'shop', condition: 'kube-system', holds: false },
    { name: 'a list fact contains the scalar', value: ['a', 'cluster-admin'], condition: 'cluster-admin', holds: true },
    { name: 'a list condition is "one of"', value: 'edit', condition: ['admin', 'edit'], holds: true },
    {
      name: 'list fact and list condition share one',
      value: ['x', 'SYS_ADMIN'],
      condition: ['SYS_ADMIN', 'BPF'],
      holds: true,
    },
    { name: 'list fact and list condition share none', value: ['x'], condition: ['SYS_ADMIN'], holds: false },
    { name: 'an absent fact is not one of a list', value: undefined, condition: ['a'], holds: false },
    { name: 'exists: a non-empty list', value: ['x'], condition: { exists: true }, holds: true },
    { name: 'exists: an empty list is absent', value: [], condition: { exists: true }, holds: false },
    { name: 'exists: false on an empty string', value: '', condition: { exists: false }, holds: true },
    { name: 'not', value: 'shop', condition: { not: ['kube-system', 'kube-public'] }, holds: true },
    { name: 'not (negated match)', value: 'kube-system', condition: { not: ['kube-system'] }, holds: false },
    { name: 'gte and lt together', value: 403, condition: { gte: 400, lt: 500 }, holds: true },
    { name: 'lt fails on a larger number', value: 503, condition: { lt: 500 }, holds: false },
    { name: 'gte never holds on text', value: '403', condition: { gte: 400 }, holds: false },
    { name: 'prefix', value: 'system:node', condition: { prefix: 'system:' }, holds: true },
    {
      name: 'contains, case-insensitive',
      value: 'AmazonEKSClusterAdminPolicy',
      condition: { contains: ['clusteradmin'] },
      holds: true,
    },
    {
      name: 'regex, case-insensitive',
      value: 'my-NODEGROUP-role',
      condition: { regex: 'node|nodegroup' },
      holds: true,
    },
    {
      name: 'regex on any element of a list',
      value: ['a', 'b.k8s.io'],
      condition: { regex: '\\.k8s\\.io$' },
      holds: true,
    },
    {
      name: 'operators combine: prefix and not',
      value: 'system:coredns',
      condition: { prefix: 'system:', not: ['system:coredns'] },
      holds: false,
    },
    { name: 'equals in an object', value: true, condition: { equals: true }, holds: true },
    { name: 'in in an object', value: 'b', condition: { in: ['a', 'c'] }, holds: false },
  ])('$name', ({ value, condition, holds }) => {
    expect(testCondition(value, condition)).toBe(holds);
  });
});
