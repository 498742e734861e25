/** A CloudFormation resource as a template holds it. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
}

/** A CloudFormation template (what the rehearsal reads of one). */
export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Parameters?: Record<string, unknown>;
  readonly Outputs?: Record<string, unknown>;
  readonly [section: string]: unknown;
}

/** A template CloudFormation will be given: a stack's, or the body of a StackSet it deploys. */
export interface RehearsedTemplate {
  /** The stack name, or `<stack>/<StackSet resource>` for a StackSet body. */
  readonly name: string;
  readonly template: CfnTemplate;
  /** The stack's account and region when the configuration names them. */
  readonly account?: string;
  readonly region?: string;
  /** The template's size in bytes as CloudFormation receives it. */
  readonly bytes: number;
  /** A StackSet body is given inline (TemplateBody), a stack's template through S3. */
  readonly kind: 'stack' | 'stack-set-body';
}

/** What a check found: which family of AWS rule, where, and what to change. */
export interface Finding {
  /** The family of rules: `cloudformation`, `cdk-nag`, `control-tower`, `states`, `iam`, `quota`, `integration`. */
  readonly check: string;
  /** The template (stack) it is in. */
  readonly template: string;
  /** The logical id, when one resource is at fault. */
  readonly resource?: string;
  readonly message: string;
}
