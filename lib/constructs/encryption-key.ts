import { RemovalPolicy } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** The one customer-managed key of the deployment: rotation on, retained. */
export class EncryptionKey extends Construct {
  public readonly key: Key;

  public constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Watchkeeper: incidents, topics, queues, quarantine and secrets',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The encrypted dead-letter queue receives from EventBridge targets; SNS encrypts with the key too.
    for (const service of ['sns.amazonaws.com', 'events.amazonaws.com'])
      this.key.grant(new ServicePrincipal(service), 'kms:Decrypt', 'kms:GenerateDataKey');
  }
}
