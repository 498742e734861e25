import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';

/** What the rehearsal reads of a resource type in the CloudFormation specification. */
export interface ResourceTypeSpec {
  /** The ARN form, with `${Partition}`, `${Region}`, `${Account}` and the type's own variables. */
  readonly arnTemplate?: string;
  /** What `Ref` returns: the primary identifier's properties. */
  readonly primaryIdentifier: readonly string[];
}

let types: Map<string, ResourceTypeSpec> | undefined;

/**
 * A resource type as the CloudFormation specification CDK is generated from describes it
 * (`@aws-cdk/aws-service-spec`, pinned); undefined for a type it does not know. Loaded once (~3 s).
 */
export function resourceTypeSpec(type: string): ResourceTypeSpec | undefined {
  if (!types) {
    types = new Map();
    for (const r of loadAwsServiceSpecSync().all('resource'))
      types.set(r.cloudFormationType, { arnTemplate: r.arnTemplate, primaryIdentifier: r.primaryIdentifier ?? [] });
  }
  return types.get(type);
}
