import { listOf, policiesOf, valuesOf } from '../policies.ts';
import type { PolicyAt } from '../policies.ts';
import { NAME_LENGTHS, QUOTAS } from '../quotas.ts';
import type { CfnResource, Finding, RehearsedTemplate } from '../types.ts';
import type { TemplateValues } from '../values.ts';

type Quota = (typeof QUOTAS)[keyof typeof QUOTAS];

const bytes = (text: string): number => Buffer.byteLength(text);
/** IAM counts policy characters without whitespace. */
const iamCharacters = (document: string): number => JSON.stringify(JSON.parse(document)).replace(/\s/g, '').length;

/**
 * The documented quotas a template can break only at deploy time (QUOTAS): function policies and
 * environments as Lambda measures them, template sizes and counts, policy sizes, name lengths, API
 * resources and authorizers, rule targets, state machine definitions.
 */
export function checkQuotas(t: RehearsedTemplate): Finding[] {
  const findings: Finding[] = [];
  const over = (quota: Quota, size: number, resource?: string, what: string = quota.what) => {
    if (size > quota.max)
      findings.push({
        check: 'quota',
        template: t.name,
        resource,
        message: `${what}: ${size} where AWS allows ${quota.max} (${quota.source})`,
      });
  };
  const values = valuesOf(t);
  const resources = Object.entries(t.template.Resources);
  const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);

  over(t.kind === 'stack' ? QUOTAS.templateBytes : QUOTAS.templateBodyBytes, t.bytes);
  over(QUOTAS.resources, resources.length);
  over(QUOTAS.outputs, Object.keys(t.template.Outputs ?? {}).length);
  over(QUOTAS.parameters, Object.keys(t.template.Parameters ?? {}).length);

  for (const [id, fn] of ofType('AWS::Lambda::Function')) {
    const variables = values.resolve((fn.Properties?.Environment as { Variables?: unknown } | undefined)?.Variables);
    if (variables) over(QUOTAS.environmentBytes, bytes(JSON.stringify(variables)), id);
  }
  for (const [fn, policy] of functionPolicies(resources, values)) over(QUOTAS.functionPolicyBytes, bytes(policy), fn);
  // (keyed by the function's logical id when the permission names it by reference)

  const rolePolicies = new Map<string, number>();
  for (const policy of policiesOf(t, values)) {
    const size = (quota: Quota) => over(quota, policySize(policy, quota), policy.resource);
    if (policy.type === 'AWS::KMS::Key') size(QUOTAS.keyPolicyBytes);
    if (policy.type === 'AWS::SNS::TopicPolicy') size(QUOTAS.topicPolicyBytes);
    if (policy.type === 'AWS::S3::BucketPolicy') size(QUOTAS.bucketPolicyBytes);
    if (policy.type === 'AWS::SQS::QueuePolicy') {
      size(QUOTAS.queuePolicyBytes);
      over(QUOTAS.queuePolicyStatements, policy.statements.length, policy.resource);
    }
    if (policy.type === 'AWS::IAM::ManagedPolicy') size(QUOTAS.managedPolicyCharacters);
    if (policy.kind === 'trust') size(QUOTAS.trustPolicyCharacters);
    if (policy.type === 'AWS::IAM::Policy')
      for (const role of listOf(values.resolve(t.template.Resources[policy.resource].Properties?.Roles) as string[]))
        rolePolicies.set(role, (rolePolicies.get(role) ?? 0) + iamCharacters(policy.document));
  }
  for (const [role, size] of rolePolicies) over(QUOTAS.rolePolicyCharacters, size, role);

  for (const [id, r] of resources) {
    const name = NAME_LENGTHS[r.Type];
    const value = name && r.Properties?.[name.property];
    if (value !== undefined && value !== '' && name) {
      const length = values.render(value).length;
      if (length > name.max)
        findings.push({
          check: 'quota',
          template: t.name,
          resource: id,
          message: `${r.Type} ${name.property} is ${length} characters where ${name.source} allows ${name.max}`,
        });
    }
  }
  for (const [id, api] of ofType('AWS::ApiGateway::RestApi')) {
    const of = (type: string) => ofType(type).filter(([, r]) => refersTo(r.Properties?.RestApiId, id)).length;
    over(QUOTAS.apiResources, of('AWS::ApiGateway::Resource'), id);
    over(QUOTAS.apiAuthorizers, of('AWS::ApiGateway::Authorizer'), id);
    void api;
  }
  for (const [id, rule] of ofType('AWS::Events::Rule'))
    over(QUOTAS.ruleTargets, ((rule.Properties?.Targets as unknown[]) ?? []).length, id);
  for (const [id, machine] of ofType('AWS::StepFunctions::StateMachine'))
    over(QUOTAS.stateMachineDefinitionBytes, bytes(values.render(machine.Properties?.DefinitionString ?? '')), id);
  return findings;
}

const policySize = (policy: PolicyAt, quota: Quota): number =>
  quota === QUOTAS.managedPolicyCharacters || quota === QUOTAS.trustPolicyCharacters
    ? iamCharacters(policy.document)
    : bytes(policy.document);

/** The logical id a `Ref` or `GetAtt` names. */
function refersToAny(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const token = value as Record<string, unknown>;
  if (typeof token.Ref === 'string') return token.Ref;
  return Array.isArray(token['Fn::GetAtt']) ? (token['Fn::GetAtt'][0] as string) : undefined;
}

/** True when a value is a `Ref` or `GetAtt` of the logical id. */
function refersTo(value: unknown, id: string): boolean {
  if (!value || typeof value !== 'object') return false;
  const token = value as Record<string, unknown>;
  return token.Ref === id || (Array.isArray(token['Fn::GetAtt']) && token['Fn::GetAtt'][0] === id);
}

/**
 * Each function's resource-based policy as Lambda builds it from the template's permissions (one
 * statement per `AWS::Lambda::Permission`, its id the permission's physical id), by function name.
 */
export function functionPolicies(
  resources: ReadonlyArray<[string, CfnResource]>,
  values: TemplateValues,
): Map<string, string> {
  const statements = new Map<string, unknown[]>();
  for (const [id, permission] of resources.filter(([, r]) => r.Type === 'AWS::Lambda::Permission')) {
    const p = permission.Properties ?? {};
    const fn = values.render(p.FunctionName);
    const principal = values.render(p.Principal);
    const condition: Record<string, Record<string, string>> = {};
    if (p.SourceArn) condition.ArnLike = { 'AWS:SourceArn': values.render(p.SourceArn) };
    if (p.SourceAccount) condition.StringEquals = { 'AWS:SourceAccount': values.render(p.SourceAccount) };
    if (p.PrincipalOrgID)
      condition.StringEquals = { ...condition.StringEquals, 'aws:PrincipalOrgID': values.render(p.PrincipalOrgID) };
    const name = fn.startsWith('arn:') ? fn.split(':')[6] : fn;
    const key = refersToAny(p.FunctionName) ?? name;
    statements.set(key, [
      ...(statements.get(key) ?? []),
      {
        Sid: values.nameOf(id),
        Effect: 'Allow',
        Principal: principal.includes('.') ? { Service: principal } : { AWS: `arn:aws:iam::${principal}:root` },
        Action: values.render(p.Action),
        Resource: `arn:aws:lambda:${values.region}:${values.account}:function:${name}`,
        ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
      },
    ]);
  }
  return new Map(
    [...statements].map(([fn, list]) => [
      fn,
      JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: list }),
    ]),
  );
}
