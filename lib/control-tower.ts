import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import type { IPolicyValidationContextBeta1, IPolicyValidationPluginBeta1 } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import type { IConstruct } from 'constructs';

/**
 * The AWS Control Tower proactive controls that can meet a Watchkeeper resource but do not fit every
 * deployment, each with the setting that satisfies it and why it may be off. One home for these
 * facts: the acknowledgements in code and `docs/security.md` both come from here.
 */
export const CONTROL_EXCEPTIONS = {
  logRetention: {
    control: 'CT.CLOUDWATCH.PR.2',
    check: 'cloudwatch_log_group_retention_period_check',
    satisfiedBy: 'stage prod (log groups kept one year)',
    reason: 'Stage dev keeps logs one week: a disposable deployment should not hold a year of logs.',
  },
  lambdaOutsideVpc: {
    control: 'CT.LAMBDA.PR.3',
    check: 'lambda_inside_vpc_check',
    satisfiedBy: '`network` in the configuration (subnets and security groups of your VPC)',
    reason:
      'No VPC configured: the functions call only AWS APIs (DynamoDB, SNS, Step Functions, S3, Secrets Manager, CloudWatch), never a private address; in a VPC they need a NAT gateway or VPC endpoints, which cost money and are yours to choose.',
  },
  permissionAccount: {
    control: 'CT.LAMBDA.PR.2',
    check: 'lambda_function_public_access_prohibited_check',
    satisfiedBy: '`account` in the configuration (SourceAccount written as a literal on every permission)',
    reason:
      'Every permission names its caller by SourceArn (the API stage, the rule, the log group), but in an environment-agnostic stack that ARN is a Fn::Join the control cannot read; with `account` configured, SourceAccount is a literal and the control passes.',
  },
  objectLock: {
    control: 'CT.S3.PR.9',
    check: 's3_bucket_object_lock_enabled_check',
    satisfiedBy: 'stage prod (Object Lock, governance mode, for the expiry period)',
    reason: 'Stage dev deletes its buckets with the stack, which Object Lock would prevent.',
  },
  alarmWithoutAction: {
    control: 'CT.CLOUDWATCH.PR.1',
    check: 'cloudwatch_alarm_action_check',
    satisfiedBy: 'stage prod (alarms page the first-line team)',
    reason: 'Stage dev keeps its alarms silent: a disposable deployment must not page anyone.',
  },
  accessLogDestination: {
    control: 'CT.S3.PR.2',
    check: 's3_bucket_logging_enabled_check',
    satisfiedBy: 'not applicable',
    reason:
      "This bucket is the destination of the quarantine bucket's access logs; logging it to itself would log its own log deliveries, and to a third bucket would only move the question.",
  },
  consoleBuildObjectLock: {
    control: 'CT.S3.PR.9',
    check: 's3_bucket_object_lock_enabled_check',
    satisfiedBy: 'not applicable',
    reason:
      "The console's bucket holds a build that every publish replaces (old versions expire after 30 days); nothing in it is evidence, and it can be rebuilt from source at any time.",
  },
  consoleOriginFailover: {
    control: 'CT.CLOUDFRONT.PR.4',
    check: 'cloudfront_origin_failover_enabled_check',
    satisfiedBy: 'not applicable',
    reason:
      'The console and its API live in the one region Watchkeeper is deployed to: a second origin would need a second deployment with its own table, and the pages that wake people go out through SNS whether or not the console answers.',
  },
  devBucketCleanup: {
    control: 'CT.LAMBDA.PR.3',
    check: 'lambda_inside_vpc_check',
    satisfiedBy: 'stage prod (buckets are retained, nothing empties them)',
    reason:
      "Stage dev empties its buckets when the stack is deleted (CloudFormation cannot delete a bucket holding objects) with CDK's provider function, which CDK offers no VPC placement for; it runs only at deletion and calls only S3.",
  },
  consoleDistributionLogs: {
    control: 'CT.CLOUDFRONT.PR.5',
    check: 'cloudfront_access_logs_enabled_check',
    satisfiedBy: 'not applicable',
    reason:
      "CloudFront's standard logs need a bucket with ACLs enabled, which the account's S3 controls forbid; the files' bucket has server access logs and every API call is in API Gateway's access log.",
  },
  consoleDefaultCertificate: {
    control: 'CT.CLOUDFRONT.PR.6',
    check: 'cloudfront_custom_ssl_certificate_check',
    satisfiedBy: '`console.domain` in the configuration (your host name and its ACM certificate, SNI, TLS 1.2)',
    reason:
      'Without a domain of your own the console is served on its cloudfront.net name with the default certificate.',
  },
  consoleDefaultCertificateSni: {
    control: 'CT.CLOUDFRONT.PR.7',
    check: 'cloudfront_sni_enabled_check',
    satisfiedBy: '`console.domain` in the configuration (your host name and its ACM certificate, SNI, TLS 1.2)',
    reason:
      'Without a domain of your own the console is served on its cloudfront.net name with the default certificate.',
  },
  consoleDefaultCertificatePolicy: {
    control: 'CT.CLOUDFRONT.PR.9',
    check: 'cloudfront_security_policy_check',
    satisfiedBy: '`console.domain` in the configuration (your host name and its ACM certificate, SNI, TLS 1.2)',
    reason:
      'Without a domain of your own CloudFront sets the security policy of its default certificate; with one, the distribution requires TLS 1.2 (2021 policy).',
  },
} as const;

/** One of {@link CONTROL_EXCEPTIONS}. */
export type ControlException = (typeof CONTROL_EXCEPTIONS)[keyof typeof CONTROL_EXCEPTIONS];

/** Acknowledge a control on a resource (and its children) with the catalogued reason. */
export function acknowledgeControl(scope: IConstruct, exception: ControlException): void {
  Validations.of(scope).acknowledge({
    id: `cdk-validator-cfnguard::${exception.check}`,
    reason: `${exception.control}: ${exception.reason} Satisfied by ${exception.satisfiedBy}.`,
  });
}

/** The Control Tower rules shipped with the validator, and the resource types each one reads. */
const RULES_DIR = join(
  dirname(createRequire(import.meta.url).resolve('@cdklabs/cdk-validator-cfnguard/package.json')),
  'rules',
  'control-tower',
  'cfn-guard',
);

function ruleFiles(dir: string): Array<{ path: string; types: Set<string> }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ruleFiles(path);
    return [{ path, types: new Set(readFileSync(path, 'utf8').match(/AWS::\w+::\w+/g) ?? []) }];
  });
}

/**
 * The Control Tower proactive controls as a CDK validation plugin (the cfn-guard binary ships in the
 * package). Each synth evaluates only the rules that read a resource type the templates contain: the
 * others can only report "skipped", and evaluating all 474 of them takes cfn-guard ~28 s per template
 * against ~9 s for the relevant ones, with the same findings.
 */
export function controlTowerValidator(): IPolicyValidationPluginBeta1 {
  const all = new CfnGuardValidator();
  const rules = ruleFiles(RULES_DIR);
  return {
    name: all.name,
    version: all.version,
    ruleIds: all.ruleIds,
    validate(context: IPolicyValidationContextBeta1) {
      const types = new Set(
        context.templatePaths.flatMap((path) =>
          Object.values(
            (JSON.parse(readFileSync(path, 'utf8')) as { Resources?: Record<string, { Type: string }> }).Resources ??
              {},
          ).map((r) => r.Type),
        ),
      );
      const relevant = rules.filter((rule) => [...rule.types].some((type) => types.has(type))).map((r) => r.path);
      if (relevant.length === 0) return { success: true, violations: [] };
      return new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: relevant }).validate(context);
    },
  };
}
