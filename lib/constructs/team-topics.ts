import type { IKey } from 'aws-cdk-lib/aws-kms';
import { ArnFormat, Stack } from 'aws-cdk-lib';
import { SubscriptionFilter, SubscriptionProtocol, Topic } from 'aws-cdk-lib/aws-sns';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Subscription } from 'aws-cdk-lib/aws-sns';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Contact } from '../../functions/core/config/schema.ts';
import { TOPIC_NAMES } from '../../functions/shared/settings.ts';

/** Properties of {@link TeamTopics}. */
export interface TeamTopicsProps {
  /** Team name → contacts. Every team gets a topic, with or without contacts. */
  readonly teams: Readonly<Record<string, readonly Contact[]>>;
  /** Contacts of the business-status topic. */
  readonly businessContacts: readonly Contact[];
  readonly key: IKey;
  /** Where SNS keeps messages it could not deliver to a subscription. */
  readonly deadLetters: IQueue;
  /** Who gets Watchkeeper's own alarms (CloudWatch alarm notifications carry no attributes to filter on). */
  readonly alarmContacts: readonly Contact[];
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
 * subscriptions and their filter policies (audience, severities); and the topic of Watchkeeper's own
 * alarms, which CloudWatch may publish to.
 */
export class TeamTopics extends Construct {
  /** Team name (and `business`) → topic. */
  public readonly topics = new Map<string, ITopic>();
  /** Where Watchkeeper's own CloudWatch alarms publish: every subscriber gets every alarm. */
  public readonly alarms: Topic;
  /** What a topic's ARN is before its name (TOPIC_NAMES): the functions' `topicArnPrefix`. */
  public readonly arnPrefix: string;

  public constructor(scope: Construct, id: string, props: TeamTopicsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.arnPrefix = `arn:${stack.partition}:sns:${stack.region}:${stack.account}:`;
    const all: Array<[string, readonly Contact[]]> = [
      ...Object.entries(props.teams),
      ['business', props.businessContacts],
    ];
    for (const [team, contacts] of all) {
      const topic = new Topic(this, `${team}Topic`, {
        // Named: the functions derive a team's topic from its name (TOPIC_NAMES) instead of a map in their environment.
        topicName: TOPIC_NAMES.team(stack.stackName, team),
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
    this.alarms = new Topic(this, 'AlarmsTopic', {
      topicName: TOPIC_NAMES.alarms(stack.stackName),
      displayName: 'Watchkeeper alarms',
      masterKey: props.key,
      enforceSSL: true,
    });
    // The topic has a policy (enforce SSL), which replaces SNS's default one: CloudWatch must be named.
    this.alarms.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarms.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }),
    );
    props.alarmContacts.forEach((contact, index) => {
      // No filter: an alarm notification carries no message attributes (audience, severity) to match.
      new Subscription(this, `AlarmsContact${index}`, {
        topic: this.alarms,
        protocol: PROTOCOLS[contact.protocol],
        endpoint: contact.endpoint,
        deadLetterQueue: props.deadLetters,
      });
    });
  }

  /** The topic of a team; a name without one is a configuration error, raised at synth. */
  public topic(team: string): ITopic {
    const topic = this.topics.get(team);
    if (!topic) throw new Error(`no topic for team "${team}"`);
    return topic;
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
