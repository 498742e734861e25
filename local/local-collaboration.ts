import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { SQSEvent } from 'aws-lambda';
import { collaborationDeps, createCollaborateHandler } from '../functions/collaborate/handler.ts';
import { SecretNotSetError } from '../functions/adapters/secret-values.ts';
import type { Platform } from '../functions/shared/platform.ts';
import { FakeServices, fakeServicesFetch, serviceOfHost } from './fake-services.ts';
import { localLambdaContext } from './lambda-context.ts';
import type { LocalOutbox, OutboxEntry } from './outbox.ts';

/** A local chat topic ARN per team. */
export const localChatTopicArn = (team: string): string =>
  `arn:aws:sns:us-east-1:000000000000:watchkeeper-chat-${team}`;

/**
 * What SQS delivers for a publication to a topic it subscribes (not raw): the SNS envelope around the
 * `sqs` body, with the message attributes as SNS writes them.
 */
export function sqsDeliveryOf(publish: PublishCommandInput, messageId: string): SQSEvent {
  const envelope = {
    Type: 'Notification',
    MessageId: messageId,
    TopicArn: publish.TopicArn,
    Message: (JSON.parse(String(publish.Message)) as { sqs?: string }).sqs ?? '',
    MessageAttributes: Object.fromEntries(
      Object.entries(publish.MessageAttributes ?? {}).map(([k, v]) => [k, { Type: v.DataType, Value: v.StringValue }]),
    ),
  };
  return { Records: [{ messageId, body: JSON.stringify(envelope), eventSource: 'aws:sqs' }] } as unknown as SQSEvent;
}

/** Options of {@link subscribeCollaboration}. */
export interface LocalCollaborationOptions {
  /** `<team>/<name>` → the secret's JSON (what would be in Secrets Manager). */
  readonly secrets: Readonly<Record<string, Record<string, string>>>;
  /** Where requests go: the fake services in-process unless given (the tests give a real HTTP fetch). */
  readonly fetch?: typeof globalThis.fetch;
  readonly consoleUrl: () => string;
  /** The run's link key, which signs the tickets' markers. */
  readonly markerKey: () => Promise<string>;
}

/**
 * The collaboration function subscribed to the team topics as in AWS: every team-topic message of
 * the outbox reaches it as SQS delivers an SNS notification; chat messages and tracker requests are
 * recorded in the outbox. A failure is reported and left alone, as the queue's retries would be.
 */
export function subscribeCollaboration(
  outbox: LocalOutbox,
  platform: Platform,
  options: LocalCollaborationOptions,
): { services: FakeServices; deliver(entry: OutboxEntry): Promise<unknown> } {
  const services = new FakeServices();
  const answer = options.fetch ?? fakeServicesFetch(services);
  const recordingFetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(String(input));
    const webhook = serviceOfHost(url.host) === 'webhook';
    outbox.recordIntegration({
      via: 'http',
      method: init?.method ?? 'GET',
      target: webhook ? `https://${url.host}/…` : `${url.origin}${url.pathname}${url.search}`,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    });
    return answer(input, init);
  };
  const teams = Object.keys(platform.settings.config.collaboration.chat);
  // Secrets Manager's names → the `<team>/<name>` the local secrets are given by.
  const idOf = new Map(Object.entries(platform.settings.collaborationSecrets).map(([id, name]) => [name, id]));
  const handler = createCollaborateHandler(() =>
    collaborationDeps(platform, {
      chatTopics: Object.fromEntries(teams.map((t) => [t, localChatTopicArn(t)])),
      secrets: {
        fields: async <K extends string>(arn: string, what: string, keys: readonly K[]) => {
          const value = options.secrets[idOf.get(arn) ?? arn] ?? {};
          if (keys.some((k) => !value[k])) throw new SecretNotSetError(what, keys);
          return value as Record<K, string>;
        },
      },
      publish: async (topicArn, message) =>
        outbox.recordIntegration({ via: 'amazon-q', method: 'Publish', target: topicArn, body: JSON.parse(message) }),
      fetch: recordingFetch,
      consoleUrl: options.consoleUrl(),
      markerKey: options.markerKey,
    }),
  );
  const deliver = (entry: OutboxEntry) =>
    handler(
      sqsDeliveryOf(entry.publish, `local-${outbox.entries.indexOf(entry) + 1}`),
      localLambdaContext('watchkeeper-collaborate'),
    );
  outbox.listeners.push(async (entry) => {
    if (entry.team === 'business') return;
    await deliver(entry).catch((error: Error) => process.stderr.write(`watchkeeper collaboration: ${error.message}\n`));
  });
  return { services, deliver };
}
