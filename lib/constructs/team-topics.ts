import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SubscriptionFilter, SubscriptionProtocol, Topic } from 'aws-cdk-lib/aws-sns';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Subscription } from 'aws-cdk-lib/aws-sns';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Contact } from '../config-schema.ts';

/** Properties of {@link TeamTopics}. */
export interface TeamTopicsProps {
  /** Team name → contacts. Every team gets a topic, with or without contacts. */
  readonly teams: Readonly<Record<string, readonly Contact[]>>;
  /** Contacts of the business-status topic. */
  readonly businessContacts: readonly Contact[];
  readonly key: IKey;
  /** Where SNS keeps messages it could not deliver to a subscription. */
  readonly deadLetters: IQueue;
}

const PROTOCOLS: Record<Contact['protocol'], SubscriptionProtocol> = {
  email: SubscriptionProtocol.EMAIL,
  sms: SubscriptionProtocol.SMS,
  https: SubscriptionProtocol.HTTPS,
  lambda: SubscriptionProtocol.LAMBDA,
  sqs: SubscriptionProtocol.SQS,
};

/**
 * One KMS-encrypted SNS topic per team plus the business-status topic, with the configured
 * subscriptions and their filter policies (audience, severities).
 */
export class TeamTopics extends Construct {
  /** Team name (and `business`) → topic. */
  public readonly topics = new Map<string, ITopic>();

  public constructor(scope: Construct, id: string, props: TeamTopicsProps) {
    super(scope, id);
    const all: Array<[string, readonly Contact[]]> = [
      ...Object.entries(props.teams),
      ['business', props.businessContacts],
    ];
    for (const [team, contacts] of all) {
      const topic = new Topic(this, `${team}Topic`, {
        displayName: `Watchkeeper ${team}`,
        masterKey: props.key,
        enforceSSL: true,
      });
      this.topics.set(team, topic);
      contacts.forEach((contact, index) => {
        const filter: Record<string, SubscriptionFilter> = {
          audience: SubscriptionFilter.stringFilter({ allowlist: [contact.role] }),
        };
        if (contact.severities)
          filter.severity = SubscriptionFilter.stringFilter({ allowlist: [...contact.severities] });
        new Subscription(this, `${team}Contact${index}`, {
          topic,
          protocol: PROTOCOLS[contact.protocol],
          endpoint: contact.endpoint,
          filterPolicy: filter,
          deadLetterQueue: props.deadLetters,
        });
      });
    }
  }

  /** The topic of a team; a name without one is a configuration error, raised at synth. */
  public topic(team: string): ITopic {
    const topic = this.topics.get(team);
    if (!topic) throw new Error(`no topic for team "${team}"`);
    return topic;
  }

  /** Team → topic ARN, for the functions' environment. */
  public arns(): Record<string, string> {
    return Object.fromEntries([...this.topics].map(([team, topic]) => [team, topic.topicArn]));
  }

  /** Allow publishing to every topic (and using the key to encrypt). */
  public grantPublish(grantee: IGrantable, key: IKey): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['sns:Publish'],
        resources: [...this.topics.values()].map((t) => t.topicArn),
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [key.keyArn],
      }),
    );
  }
}
