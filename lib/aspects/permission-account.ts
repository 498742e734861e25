import type { IAspect } from 'aws-cdk-lib';
import { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { acknowledgeControl, CONTROL_EXCEPTIONS } from '../control-tower.ts';

/**
 * Every Lambda permission of the stack also names the account it expects calls from (CT.LAMBDA.PR.2),
 * on top of the SourceArn CDK already sets. Without a known account (an environment-agnostic stack)
 * the control cannot read the SourceArn and is acknowledged on that permission, with the reason.
 */
export class PermissionAccount implements IAspect {
  public constructor(private readonly account: string | undefined) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof CfnPermission)) return;
    if (this.account) node.sourceAccount ??= this.account;
    else acknowledgeControl(node, CONTROL_EXCEPTIONS.permissionAccount);
  }
}
