import type { RehearsedTemplate } from './types.ts';
import { TemplateValues } from './values.ts';

/** One statement of a policy, rendered. */
export interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** A policy in a template: where it is, what kind, its rendered document. */
export interface PolicyAt {
  readonly resource: string;
  /** `identity` (what a role may do), `trust` (who may assume a role) or `resource` (who may use a resource). */
  readonly kind: 'identity' | 'trust' | 'resource';
  /** The resource type that holds it. */
  readonly type: string;
  readonly statements: readonly Statement[];
  /** The document as AWS stores it (for sizes). */
  readonly document: string;
}

/** Where each resource type keeps its policies: property → kind. */
const POLICY_PROPERTIES: Record<string, Array<[string, PolicyAt['kind']]>> = {
  'AWS::IAM::Policy': [['PolicyDocument', 'identity']],
  'AWS::IAM::ManagedPolicy': [['PolicyDocument', 'identity']],
  'AWS::IAM::Role': [['AssumeRolePolicyDocument', 'trust']],
  'AWS::KMS::Key': [['KeyPolicy', 'resource']],
  'AWS::SNS::TopicPolicy': [['PolicyDocument', 'resource']],
  'AWS::SQS::QueuePolicy': [['PolicyDocument', 'resource']],
  'AWS::S3::BucketPolicy': [['PolicyDocument', 'resource']],
  'AWS::Events::EventBusPolicy': [['Statement', 'resource']],
  'AWS::Events::EventBus': [['Policy', 'resource']],
  'AWS::Logs::Destination': [['DestinationPolicy', 'resource']],
  'AWS::Logs::ResourcePolicy': [['PolicyDocument', 'resource']],
  'AWS::SecretsManager::ResourcePolicy': [['ResourcePolicy', 'resource']],
  'AWS::ApiGateway::RestApi': [['Policy', 'resource']],
};

/** Every policy document of a template, rendered with realistic values. */
export function policiesOf(t: RehearsedTemplate, values = valuesOf(t)): PolicyAt[] {
  const out: PolicyAt[] = [];
  for (const [id, resource] of Object.entries(t.template.Resources)) {
    const props = resource.Properties ?? {};
    const add = (raw: unknown, kind: PolicyAt['kind']) => {
      if (raw === undefined) return;
      const resolved = values.resolve(raw);
      const document = typeof resolved === 'string' ? (JSON.parse(resolved) as unknown) : resolved;
      const statements = statementsOf(document);
      out.push({ resource: id, kind, type: resource.Type, statements, document: JSON.stringify(document) });
    };
    for (const [property, kind] of POLICY_PROPERTIES[resource.Type] ?? []) add(props[property], kind);
    if (resource.Type === 'AWS::IAM::Role')
      for (const inline of (props.Policies as Array<{ PolicyDocument: unknown }> | undefined) ?? [])
        add(inline.PolicyDocument, 'identity');
  }
  return out;
}

/** A template's values rendered for its place (stack name, account, region). */
export function valuesOf(t: RehearsedTemplate): TemplateValues {
  return new TemplateValues(t.template, { stackName: t.name.split('/')[0], account: t.account, region: t.region });
}

function statementsOf(document: unknown): Statement[] {
  if (!document || typeof document !== 'object') return [];
  const statement = (document as { Statement?: unknown }).Statement ?? document;
  return [statement].flat() as Statement[];
}

/** A string-or-list policy field as a list. */
export const listOf = (value: string | string[] | undefined): string[] => (value === undefined ? [] : [value].flat());
