import { Duration } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import type { EventPattern } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The CloudTrail calls Watchkeeper classifies (everything else never reaches the function). */
export const CLOUDTRAIL_CALLS: Readonly<Record<string, readonly string[]>> = {
  'eks.amazonaws.com': [
    'CreateCluster',
    'DeleteCluster',
    'UpdateClusterConfig',
    'UpdateClusterVersion',
    'CreateNodegroup',
    'DeleteNodegroup',
    'UpdateNodegroupConfig',
    'CreateAccessEntry',
    'DeleteAccessEntry',
    'AssociateAccessPolicy',
    'DisassociateAccessPolicy',
    'AssociateIdentityProviderConfig',
    'DisassociateIdentityProviderConfig',
    'DescribeCluster',
    'ListClusters',
  ],
  'iam.amazonaws.com': ['DetachRolePolicy', 'DeleteRolePolicy', 'PutRolePolicy', 'AttachRolePolicy'],
  'ec2.amazonaws.com': [
    'RevokeSecurityGroupIngress',
    'RevokeSecurityGroupEgress',
    'AuthorizeSecurityGroupIngress',
    'AuthorizeSecurityGroupEgress',
    'ModifySecurityGroupRules',
  ],
  'ecr.amazonaws.com': ['SetRepositoryPolicy', 'DeleteRepositoryPolicy', 'PutLifecyclePolicy', 'DeleteLifecyclePolicy'],
};

/** Properties of {@link SourceRules}. */
export interface SourceRulesProps {
  /** The ingest-events function. */
  readonly target: IFunction;
  /** Where events go that the target could not take after its retries. */
  readonly deadLetters: IQueue;
}

/** EventBridge rules for CloudTrail API calls, CloudWatch alarm state changes and GuardDuty EKS findings. */
export class SourceRules extends Construct {
  public readonly rules: Rule[] = [];

  public constructor(scope: Construct, id: string, props: SourceRulesProps) {
    super(scope, id);
    const patterns: Array<[string, string, EventPattern]> = [
      [
        'CloudTrail',
        'EKS configuration calls and the IAM, EC2 and ECR calls that break clusters',
        {
          detailType: ['AWS API Call via CloudTrail'],
          source: ['aws.eks', 'aws.iam', 'aws.ec2', 'aws.ecr'],
          detail: {
            eventSource: Object.keys(CLOUDTRAIL_CALLS),
            eventName: [...new Set(Object.values(CLOUDTRAIL_CALLS).flat())],
          },
        },
      ],
      [
        'AlarmStateChange',
        'CloudWatch alarm state changes (metric and composite)',
        { source: ['aws.cloudwatch'], detailType: ['CloudWatch Alarm State Change'] },
      ],
      [
        'GuardDuty',
        'GuardDuty findings on EKS clusters',
        {
          source: ['aws.guardduty'],
          detailType: ['GuardDuty Finding'],
          detail: { resource: { resourceType: ['EKSCluster'] } },
        },
      ],
    ];
    for (const [name, description, eventPattern] of patterns) {
      this.rules.push(
        new Rule(this, name, {
          description: `Watchkeeper: ${description}`,
          eventPattern,
          targets: [
            new LambdaFunction(props.target, {
              retryAttempts: 4,
              maxEventAge: Duration.hours(2),
              deadLetterQueue: props.deadLetters,
            }),
          ],
        }),
      );
    }
  }
}
