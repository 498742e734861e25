import { resourceTypeSpec } from './resource-spec.ts';
import type { CfnTemplate } from './types.ts';

/** Where a template will be deployed, as far as the configuration says. */
export interface Place {
  readonly stackName: string;
  readonly account?: string;
  readonly region?: string;
}

/**
 * Values as long as the real ones can be: an unnamed account and region are a 12-digit account and
 * the longest region names, generated physical names are as long as CloudFormation makes them
 * (`<stack>-<logical id>-<13 characters>`), so sizes measured on them are the sizes AWS will measure.
 */
const LONGEST_REGION = 'ap-southeast-2';
const SOME_ACCOUNT = '123456789012';
const GENERATED_SUFFIX = 'A1B2C3D4E5F6G';

/** Property names that carry a resource's physical name, when they are set. */
const NAME_PROPERTIES = [
  'Name',
  'FunctionName',
  'RoleName',
  'TopicName',
  'QueueName',
  'StateMachineName',
  'TableName',
  'BucketName',
  'StreamName',
  'LogGroupName',
  'DestinationName',
  'EventBusName',
  'AlarmName',
  'ManagedPolicyName',
  'SecretName',
  'StackSetName',
  'UserPoolName',
  'RuleName',
];

/**
 * Renders template values to the strings CloudFormation will resolve them to (with realistic stand-ins
 * for what only a deployment knows): intrinsic functions, pseudo parameters, `Ref` and `GetAtt` of the
 * template's own resources through the CloudFormation specification's ARN forms and identifiers.
 */
export class TemplateValues {
  public readonly region: string;
  public readonly account: string;

  public constructor(
    private readonly template: CfnTemplate,
    private readonly place: Place,
    private readonly parameters: Readonly<Record<string, string>> = {},
  ) {
    this.region = place.region ?? LONGEST_REGION;
    this.account = place.account ?? SOME_ACCOUNT;
  }

  /** A value rendered to a string (objects and arrays as JSON, with their tokens rendered). */
  public render(value: unknown): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (Array.isArray(value)) return JSON.stringify(value.map((v) => this.resolve(v)));
    if (value && typeof value === 'object') {
      const token = this.token(value as Record<string, unknown>);
      if (token !== undefined) return token;
      return JSON.stringify(this.resolve(value));
    }
    return '';
  }

  /** A value with every token inside it rendered, keeping its structure. */
  public resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value && typeof value === 'object') {
      const token = this.token(value as Record<string, unknown>);
      if (token !== undefined) return token;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v)]));
    }
    return value;
  }

  /** The physical name of a resource of this template. */
  public nameOf(logicalId: string): string {
    const resource = this.template.Resources[logicalId];
    const props = resource?.Properties ?? {};
    for (const key of NAME_PROPERTIES) if (props[key] !== undefined) return this.render(props[key]);
    return `${`${this.place.stackName}-${logicalId}`.slice(0, 50)}-${GENERATED_SUFFIX}`;
  }

  /** The ARN of a resource of this template, in its type's ARN form. */
  public arnOf(logicalId: string): string {
    const resource = this.template.Resources[logicalId];
    if (!resource) return `arn:aws:unknown:::${logicalId}`;
    const spec = resourceTypeSpec(resource.Type);
    const form = spec?.arnTemplate ?? `arn:\${Partition}:unknown:\${Region}:\${Account}:${logicalId}`;
    const name = this.nameOf(logicalId);
    return form.replace(/\$\{(\w+)\}/g, (_, variable: string) => {
      if (variable === 'Partition') return 'aws';
      if (variable === 'Region') return this.region;
      if (variable === 'Account') return this.account;
      if (variable.endsWith('Id') && resource.Type !== 'AWS::SecretsManager::Secret') return idLike(logicalId);
      return name;
    });
  }

  private ref(name: string): string {
    switch (name) {
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::Region':
        return this.region;
      case 'AWS::AccountId':
        return this.account;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return this.place.stackName;
      case 'AWS::StackId':
        return `arn:aws:cloudformation:${this.region}:${this.account}:stack/${this.place.stackName}/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`;
      case 'AWS::NoValue':
        return '';
    }
    if (name in this.parameters) return this.parameters[name];
    const resource = this.template.Resources[name];
    if (!resource) return `{unresolved:${name}}`;
    // Ref returns the primary identifier (its last part when there are several: a stage's name, an authorizer's id).
    const identifier = resourceTypeSpec(resource.Type)?.primaryIdentifier.at(-1) ?? '';
    const given = resource.Properties?.[identifier];
    if (given !== undefined && !/Arn$/.test(identifier)) return this.render(given);
    if (identifier === 'QueueUrl')
      return `https://sqs.${this.region}.amazonaws.com/${this.account}/${this.nameOf(name)}`;
    if (/Arn$/.test(identifier) || (identifier === 'Id' && resource.Type === 'AWS::SecretsManager::Secret'))
      return this.arnOf(name);
    if (/Id$/.test(identifier)) return idLike(name);
    return this.nameOf(name);
  }

  private getAtt(id: string, attribute: string): string {
    // A log group's Arn attribute ends in `:*` (its streams), unlike the ARN form of the group itself.
    if (attribute === 'Arn' && this.template.Resources[id]?.Type === 'AWS::Logs::LogGroup')
      return `${this.arnOf(id)}:*`;
    if (attribute === 'Arn' || attribute.endsWith('Arn')) return this.arnOf(id);
    if (attribute === 'DomainName') return `d${idLike(id).toLowerCase()}.cloudfront.net`;
    if (attribute.endsWith('Id')) return idLike(id);
    return this.nameOf(id);
  }

  private token(token: Record<string, unknown>): string | undefined {
    const keys = Object.keys(token);
    if (keys.length !== 1) return undefined;
    const [key] = keys;
    const arg = token[key];
    switch (key) {
      case 'Ref':
        return this.ref(arg as string);
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg) ? (arg as string[]) : String(arg).split(/\.(.*)/);
        return this.getAtt(id, attribute);
      }
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown[]];
        return parts.map((p) => this.render(p)).join(separator);
      }
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [arg as string, {}];
        return text.replace(/\$\{(!?)([^}]+)\}/g, (_, literal: string, name: string) => {
          if (literal) return `\${${name}}`;
          if (name in vars) return this.render(vars[name]);
          const [id, attribute] = name.split(/\.(.*)/);
          return attribute ? this.getAtt(id, attribute) : this.ref(name);
        });
      }
      case 'Fn::Select': {
        const [index, list] = arg as [number, unknown];
        const items = Array.isArray(list) ? list : JSON.parse(this.render(list));
        return this.render(items[Number(index)]);
      }
      case 'Fn::Split': {
        const [separator, text] = arg as [string, unknown];
        return JSON.stringify(this.render(text).split(separator));
      }
      case 'Fn::If':
        return this.render((arg as unknown[])[1]);
      case 'Fn::Base64':
        return Buffer.from(this.render(arg)).toString('base64');
      case 'Fn::ImportValue':
        return `{import:${this.render(arg)}}`;
      default:
        return key.startsWith('Fn::') ? `{${key}}` : undefined;
    }
  }
}

/** A stand-in identifier as long as AWS's generated ids usually are (12 characters). */
function idLike(seed: string): string {
  let hash = 0;
  for (const c of seed) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return hash.toString(36).padStart(12, 'x').slice(0, 12);
}
