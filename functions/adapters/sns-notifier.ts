import { PublishCommand } from '@aws-sdk/client-sns';
import type { MessageAttributeValue, PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import type { Notification } from '../core/notifications/notification.ts';
import type { Notifier } from '../core/notifications/ports.ts';

/** SNS message attributes of a notification: numbers as Number, lists as String.Array. */
export function snsAttributes(notification: Notification): Record<string, MessageAttributeValue> {
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(notification.attributes)) {
    if (typeof value === 'number') out[name] = { DataType: 'Number', StringValue: String(value) };
    else if (Array.isArray(value)) out[name] = { DataType: 'String.Array', StringValue: JSON.stringify(value) };
    else out[name] = { DataType: 'String', StringValue: String(value) };
  }
  return out;
}

/** The exact SNS Publish input of a notification: per-protocol bodies with `MessageStructure: json`. */
export function snsPublishInput(notification: Notification, topicArn: string): PublishCommandInput {
  return {
    TopicArn: topicArn,
    Subject: notification.subject,
    MessageStructure: 'json',
    Message: JSON.stringify(notification.bodies),
    MessageAttributes: snsAttributes(notification),
  };
}

/** Raised when a notification names a team without a topic. */
export class UnknownTopicError extends Error {
  public constructor(team: string) {
    super(`no SNS topic for team "${team}"`);
    this.name = 'UnknownTopicError';
  }
}

/** Publishes notifications to the team topics. */
export class SnsNotifier implements Notifier {
  public constructor(
    private readonly sns: SNSClient,
    private readonly topics: Readonly<Record<string, string>>,
  ) {}

  public async publish(notification: Notification): Promise<void> {
    const topicArn = this.topics[notification.team];
    if (!topicArn) throw new UnknownTopicError(notification.team);
    await this.sns.send(new PublishCommand(snsPublishInput(notification, topicArn)));
  }
}
