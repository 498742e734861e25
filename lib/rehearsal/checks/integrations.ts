import { listOf, policiesOf, valuesOf } from '../policies.ts';
import type { PolicyAt, Statement } from '../policies.ts';
import type { CfnResource, Finding, RehearsedTemplate } from '../types.ts';
import type { TemplateValues } from '../values.ts';

/** `*` and `?` in an IAM string as a pattern (case-insensitive for actions, as IAM compares them). */
const glob = (pattern: string, flags = ''): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    flags,
  );

/** The logical id a `Ref` or `GetAtt` names, if the value is one. */
function target(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const token = value as Record<string, unknown>;
  if (typeof token.Ref === 'string') return token.Ref;
  const att = token['Fn::GetAtt'];
  if (Array.isArray(att)) return att[0] as string;
  return undefined;
}

/** What a statement grants, by whom: does it allow `action` on `resource` to the service principal? */
function allows(
  statements: readonly Statement[],
  want: { action: string; resource?: string; service?: string },
): boolean {
  const { action, resource, service } = want;
  return statements.some((s) => {
    if (s.Effect !== 'Allow') return false;
    if (!listOf(s.Action).some((a) => glob(a, 'i').test(action))) return false;
    if (resource && !listOf(s.Resource).some((r) => glob(r).test(resource))) return false;
    if (service) {
      const principal = s.Principal as { Service?: string | string[]; AWS?: string | string[] } | string | undefined;
      const services = typeof principal === 'object' ? listOf(principal.Service) : [];
      const everyone = principal === '*' || (typeof principal === 'object' && listOf(principal.AWS).includes('*'));
      if (!everyone && !services.some((svc) => svc === service || glob(svc).test(service))) return false;
    }
    return true;
  });
}

/**
 * Both sides of every integration AWS checks only when it first delivers: a CloudWatch alarm → its
 * topic → the topic's key; SNS → an SQS queue (and dead-letter queues) → the queue's policy and key;
 * an EventBridge rule → its target (Lambda permission, bus role) and dead-letter queue; a subscription
 * filter → its destination (Lambda permission, Kinesis stream role, a destination and the role a
 * sender names); an API Gateway method or authorizer → the Lambda permission that lets it invoke.
 */
export function checkIntegrations(t: RehearsedTemplate): Finding[] {
  const findings: Finding[] = [];
  const values = valuesOf(t);
  const resources = t.template.Resources;
  const entries = Object.entries(resources);
  const policies = policiesOf(t, values);
  const find = (resource: string, message: string) =>
    findings.push({ check: 'integration', template: t.name, resource, message });
  const resourcePolicy = (type: string, listProperty: string, id: string): Statement[] =>
    policies
      .filter(
        (p) =>
          p.type === type &&
          listOf(resources[p.resource].Properties?.[listProperty] as never).some((r) => target(r) === id),
      )
      .flatMap((p) => p.statements);
  const keyPolicy = (keyRef: unknown): readonly Statement[] | undefined => {
    const id = target(keyRef);
    return id ? policies.find((p) => p.resource === id && p.type === 'AWS::KMS::Key')?.statements : undefined;
  };
  const roleStatements = (roleRef: unknown): { known: boolean; identity: Statement[]; trust: Statement[] } => {
    const id = target(roleRef);
    if (!id || !resources[id]) return { known: false, identity: [], trust: [] };
    const identity = policies
      .filter((p) => p.kind === 'identity' && (p.resource === id || attachedTo(resources[p.resource], id)))
      .flatMap((p) => p.statements);
    const trust = policies.filter((p) => p.kind === 'trust' && p.resource === id).flatMap((p) => p.statements);
    return { known: true, identity, trust };
  };
  const permits = (fnRef: unknown, service: string, sourceArn?: string): boolean => {
    const fn = values.render(fnRef);
    return entries.some(([, r]) => {
      if (r.Type !== 'AWS::Lambda::Permission') return false;
      const p = r.Properties ?? {};
      if (values.render(p.FunctionName) !== fn) return false;
      const principal = values.render(p.Principal);
      if (principal !== service && principal !== service.replace('.amazonaws.com', `.${values.region}.amazonaws.com`))
        return false;
      return !sourceArn || !p.SourceArn || glob(values.render(p.SourceArn)).test(sourceArn);
    });
  };
  /** A queue a service sends to: its policy must let the service send, its key let the service use it. */
  const queueAccepts = (from: string, queueRef: unknown, service: string) => {
    const queue = target(queueRef);
    if (!queue || resources[queue]?.Type !== 'AWS::SQS::Queue') return;
    const arn = values.arnOf(queue);
    if (
      !allows(resourcePolicy('AWS::SQS::QueuePolicy', 'Queues', queue), {
        action: 'sqs:SendMessage',
        resource: arn,
        service,
      })
    )
      find(from, `${service} cannot send to queue ${queue}: its queue policy allows it no sqs:SendMessage`);
    const key = resources[queue].Properties?.KmsMasterKeyId;
    const statements = keyPolicy(key);
    if (
      statements &&
      !['kms:GenerateDataKey', 'kms:Decrypt'].every((action) => allows(statements, { action, service }))
    )
      find(
        from,
        `${service} cannot encrypt messages for queue ${queue}: key ${target(key)} does not let it use the key`,
      );
  };

  for (const [id, alarm] of entries.filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm')) {
    const actions = ['AlarmActions', 'OKActions', 'InsufficientDataActions'].flatMap(
      (k) => (alarm.Properties?.[k] as unknown[]) ?? [],
    );
    for (const topic of new Set(
      actions.map(target).filter((t): t is string => resources[t ?? '']?.Type === 'AWS::SNS::Topic'),
    )) {
      const statements = keyPolicy(resources[topic].Properties?.KmsMasterKeyId);
      const service = 'cloudwatch.amazonaws.com';
      if (
        statements &&
        !['kms:GenerateDataKey', 'kms:Decrypt'].every((action) => allows(statements, { action, service }))
      )
        find(id, `CloudWatch cannot publish to topic ${topic}: its key does not let ${service} use it`);
      const topicPolicy = resourcePolicy('AWS::SNS::TopicPolicy', 'Topics', topic);
      if (topicPolicy.length > 0 && !allows(topicPolicy, { action: 'sns:Publish', service }))
        find(id, `CloudWatch cannot publish to topic ${topic}: its topic policy admits no ${service}`);
    }
  }

  for (const [id, sub] of entries.filter(([, r]) => r.Type === 'AWS::SNS::Subscription')) {
    const p = sub.Properties ?? {};
    if (p.Protocol === 'sqs') queueAccepts(id, p.Endpoint, 'sns.amazonaws.com');
    if (p.Protocol === 'lambda' && !permits(p.Endpoint, 'sns.amazonaws.com'))
      find(id, `SNS cannot invoke ${values.render(p.Endpoint)}: no Lambda permission for sns.amazonaws.com`);
    const redrive = values.resolve(p.RedrivePolicy) as { deadLetterTargetArn?: string } | undefined;
    const dlq = entries.find(
      ([q, r]) => r.Type === 'AWS::SQS::Queue' && values.arnOf(q) === redrive?.deadLetterTargetArn,
    );
    if (dlq) queueAccepts(id, { Ref: dlq[0] }, 'sns.amazonaws.com');
  }

  for (const [id, rule] of entries.filter(([, r]) => r.Type === 'AWS::Events::Rule')) {
    const ruleArn = values.arnOf(id);
    for (const tgt of (rule.Properties?.Targets as Array<Record<string, unknown>>) ?? []) {
      const arn = values.render(tgt.Arn);
      if (arn.includes(':lambda:') && !permits(tgt.Arn, 'events.amazonaws.com', ruleArn))
        find(id, `EventBridge cannot invoke ${arn}: no Lambda permission for this rule`);
      if (arn.includes(':event-bus/')) {
        if (!tgt.RoleArn) find(id, `a target on another bus (${arn}) needs a role EventBridge assumes`);
        const role = roleStatements(tgt.RoleArn);
        if (role.known && !allows(role.identity, { action: 'events:PutEvents', resource: arn }))
          find(id, `the role of the target ${arn} may not events:PutEvents there`);
      }
      const dlq = (tgt.DeadLetterConfig as { Arn?: unknown } | undefined)?.Arn;
      if (dlq) queueAccepts(id, dlq, 'events.amazonaws.com');
    }
  }

  for (const [id, filter] of entries.filter(([, r]) => r.Type === 'AWS::Logs::SubscriptionFilter')) {
    const p = filter.Properties ?? {};
    const destination = values.render(p.DestinationArn);
    if (destination.includes(':lambda:')) {
      if (!permits(p.DestinationArn, 'logs.amazonaws.com'))
        find(id, `CloudWatch Logs cannot invoke ${destination}: no Lambda permission for logs`);
      continue;
    }
    // A stream or a destination: CloudWatch Logs assumes the named role.
    if (!p.RoleArn) {
      find(id, `a subscription to ${destination} must name the role CloudWatch Logs assumes (RoleArn)`);
      continue;
    }
    const role = roleStatements(p.RoleArn);
    if (!role.known) continue;
    if (!allows(role.trust, { action: 'sts:AssumeRole', service: 'logs.amazonaws.com' }))
      find(id, `the filter's role does not trust logs.amazonaws.com`);
    const needed = destination.includes(':destination:') ? 'logs:PutLogEvents' : 'kinesis:PutRecord';
    const on = destination.includes(':destination:') ? values.render(logGroupArn(p, values)) : destination;
    if (!allows(role.identity, { action: needed, resource: on }))
      find(id, `the filter's role may not ${needed} on ${on}`);
  }

  for (const [id, dest] of entries.filter(([, r]) => r.Type === 'AWS::Logs::Destination')) {
    const p = dest.Properties ?? {};
    const role = roleStatements(p.RoleArn);
    const stream = values.render(p.TargetArn);
    if (role.known && !allows(role.trust, { action: 'sts:AssumeRole', service: 'logs.amazonaws.com' }))
      find(id, `the destination's role does not trust logs.amazonaws.com`);
    if (role.known && !allows(role.identity, { action: 'kinesis:PutRecord', resource: stream }))
      find(id, `the destination's role may not kinesis:PutRecord on ${stream}`);
    const policy = policies.find((x) => x.resource === id);
    if (!policy || !allows(policy.statements, { action: 'logs:PutSubscriptionFilter' }))
      find(id, 'the destination admits no sender (logs:PutSubscriptionFilter in its policy)');
  }

  checkApi(entries, values, permits, find);
  return findings;
}

/** The log groups a subscription filter reads, as an ARN (what the sender's role may put events from). */
function logGroupArn(props: Record<string, unknown>, values: TemplateValues): string {
  return `arn:aws:logs:${values.region}:${values.account}:log-group:${values.render(props.LogGroupName)}:*`;
}

function attachedTo(policy: CfnResource | undefined, role: string): boolean {
  if (!policy || (policy.Type !== 'AWS::IAM::Policy' && policy.Type !== 'AWS::IAM::ManagedPolicy')) return false;
  return ((policy.Properties?.Roles as unknown[]) ?? []).some((r) => target(r) === role);
}

/** Every method and authorizer of a REST API must be able to invoke its function. */
function checkApi(
  entries: ReadonlyArray<[string, CfnResource]>,
  values: TemplateValues,
  permits: (fn: unknown, service: string, sourceArn?: string) => boolean,
  find: (resource: string, message: string) => void,
): void {
  const resources = Object.fromEntries(entries);
  const pathOf = (id: string | undefined): string => {
    const r = id ? resources[id] : undefined;
    if (r?.Type !== 'AWS::ApiGateway::Resource') return '';
    return `${pathOf(target(r?.Properties?.ParentId))}/${values.render(r?.Properties?.PathPart)}`;
  };
  const stages = new Map<string, string>();
  for (const [, r] of entries.filter(([, r]) => r.Type === 'AWS::ApiGateway::Stage'))
    stages.set(target(r.Properties?.RestApiId) ?? '', values.render(r.Properties?.StageName));
  const functionIn = (uri: unknown): unknown => {
    const join = (uri as { 'Fn::Join'?: [string, unknown[]] })?.['Fn::Join'];
    return join?.[1].find((part) => target(part) && values.render(part).includes(':lambda:'));
  };
  for (const [id, method] of entries.filter(([, r]) => r.Type === 'AWS::ApiGateway::Method')) {
    const p = method.Properties ?? {};
    const integration = p.Integration as { Type?: string; Uri?: unknown } | undefined;
    if (integration?.Type !== 'AWS_PROXY') continue;
    const fn = functionIn(integration.Uri);
    if (!fn) continue;
    const api = target(p.RestApiId) ?? '';
    const resourceId = target(p.ResourceId);
    const path = resourceId && resources[resourceId]?.Type === 'AWS::ApiGateway::Resource' ? pathOf(resourceId) : '/';
    const arn = `arn:aws:execute-api:${values.region}:${values.account}:${values.render(p.RestApiId)}/${stages.get(api) ?? 'v1'}/${values.render(p.HttpMethod)}${path}`;
    if (!permits(fn, 'apigateway.amazonaws.com', arn))
      find(
        id,
        `API Gateway cannot invoke ${values.render(fn)} for ${values.render(p.HttpMethod)} ${path}: no Lambda permission covers ${arn}`,
      );
  }
  for (const [id, authorizer] of entries.filter(([, r]) => r.Type === 'AWS::ApiGateway::Authorizer')) {
    const p = authorizer.Properties ?? {};
    const fn = functionIn(p.AuthorizerUri);
    if (!fn) continue;
    const arn = `arn:aws:execute-api:${values.region}:${values.account}:${values.render(p.RestApiId)}/authorizers/${values.render({ Ref: id })}`;
    if (!permits(fn, 'apigateway.amazonaws.com', arn))
      find(id, `API Gateway cannot invoke the authorizer ${values.render(fn)}: no Lambda permission covers ${arn}`);
  }
}

export type { PolicyAt };
