import { randomUUID } from 'node:crypto';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { AmazonQChannels, WebhookChannel } from '../adapters/chat-channels.ts';
import type { PublishToTopic } from '../adapters/chat-channels.ts';
import { ChangeStore } from '../adapters/change-store.ts';
import { GithubTracker } from '../adapters/github-tracker.ts';
import type { Fetch } from '../adapters/http-json.ts';
import { JiraTracker } from '../adapters/jira-tracker.ts';
import { PostedMessageStore } from '../adapters/posted-message-store.ts';
import { ResolutionReader } from '../adapters/resolution-reader.ts';
import { SecretValues } from '../adapters/secret-values.ts';
import type { CollaborationDeps, ChatChannel, Tracker } from '../core/collaboration/collaborator.ts';
import { Collaborator, TicketBusyError } from '../core/collaboration/collaborator.ts';
import { incidentEventOf } from '../core/collaboration/incident-event.ts';
import { consoleLink } from '../core/incidents/console-link.ts';
import type { ReviewDeps } from '../operations/review-api.ts';
import { reviewInputOf } from '../operations/review-api.ts';
import { reviewLines } from '../core/review/review.ts';
import { env } from '../shared/env.ts';
import { lambdaSettings } from '../shared/settings.ts';
import { lambdaHandler } from '../shared/middleware.ts';
import { once } from '../shared/once.ts';
import type { Platform } from '../shared/platform.ts';
import { incidentStoreOf, lambdaAckKey, lambdaPlatform } from '../shared/platform.ts';
import { logger, metrics, traced } from '../shared/powertools.ts';
import { secretIdOf } from '../core/collaboration/channels.ts';

/** What an SNS subscription delivers to SQS (not raw): the envelope around the `sqs` body. */
interface SnsEnvelope {
  readonly MessageId?: string;
  readonly Message?: string;
  readonly MessageAttributes?: Record<string, { readonly Value?: string }>;
}

/**
 * The collaboration function on its queue (subscribed to every team topic): each message posts to
 * the team's chat channels and brings the owner team's ticket up to date. A failed message is
 * reported alone (partial batch response) and retried by the queue, then kept in its dead-letter queue.
 */
export function createCollaborateHandler(deps: () => CollaborationDeps) {
  return lambdaHandler<SQSEvent, SQSBatchResponse>({ metrics: true }).handler(async (event) => {
    const collaborator = new Collaborator(deps());
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      let envelope: SnsEnvelope;
      let message: unknown;
      try {
        envelope = JSON.parse(record.body) as SnsEnvelope;
        message = JSON.parse(envelope.Message ?? '');
      } catch {
        logger.warn('not an SNS notification of a team topic: dropped', { messageId: record.messageId });
        metrics.addMetric('CollaborationMalformed', MetricUnit.Count, 1);
        continue;
      }
      const attributes = Object.fromEntries(
        Object.entries(envelope.MessageAttributes ?? {}).map(([k, v]) => [k, String(v.Value ?? '')]),
      );
      const incidentEvent = incidentEventOf(envelope.MessageId ?? record.messageId, attributes, message);
      if (!incidentEvent) continue;
      try {
        const outcome = await collaborator.handle(incidentEvent);
        if (outcome.posted > 0) metrics.addMetric('ChatMessagesPosted', MetricUnit.Count, outcome.posted);
        if (outcome.ticket === 'created') metrics.addMetric('TicketsOpened', MetricUnit.Count, 1);
        if (outcome.review === 'created') metrics.addMetric('ReviewsFiled', MetricUnit.Count, 1);
        logger.info('collaboration done', { event: incidentEvent.id, ...outcome });
      } catch (error) {
        batchItemFailures.push({ itemIdentifier: record.messageId });
        if (!(error instanceof TicketBusyError)) metrics.addMetric('CollaborationFailures', MetricUnit.Count, 1);
        logger.warn('collaboration failed; the queue retries it', {
          event: incidentEvent.id,
          error: (error as Error).message,
        });
      }
    }
    return { batchItemFailures };
  });
}

/**
 * Where the collaboration function's outside world is: secrets, the chat topics, HTTP and the links
 * (the trackers and channels themselves, and their secrets' names, are the platform's settings).
 */
export interface CollaborationWiring {
  /** Team → its chat topic (teams with Amazon Q Developer channels). */
  readonly chatTopics: Readonly<Record<string, string>>;
  readonly secrets: Pick<SecretValues, 'fields'>;
  readonly publish: PublishToTopic;
  readonly fetch?: Fetch;
  /** The console's (or the API's) address, for incident links. */
  readonly consoleUrl: string;
  /** The stack's secret tickets' markers are signed with (the link key). */
  readonly markerKey: () => Promise<string>;
}

/** The collaborator's ports over the store and the configured trackers and channels. */
export function collaborationDeps(platform: Platform, wiring: CollaborationWiring): CollaborationDeps {
  const { config, collaborationSecrets } = platform.settings;
  const incidents = incidentStoreOf(platform);
  const reviewDeps: ReviewDeps = {
    incidents,
    changes: new ChangeStore(platform.doc, platform.tableName),
    resolutions: new ResolutionReader(platform.doc, platform.tableName),
    clock: platform.clock,
  };
  const secret = (team: string, name: string) => {
    const arn = collaborationSecrets[secretIdOf(team, name)];
    if (!arn) throw new Error(`no secret for ${secretIdOf(team, name)}`);
    return arn;
  };
  const trackers = new Map<string, Tracker>();
  for (const [team, t] of Object.entries(config.collaboration.trackers)) {
    const arn = secret(team, 'tracker');
    trackers.set(
      team,
      t.type === 'github'
        ? new GithubTracker({
            ...t,
            fetch: wiring.fetch,
            token: async () => (await wiring.secrets.fields(arn, `the GitHub token of ${team}`, ['token'])).token,
          })
        : new JiraTracker({
            ...t,
            fetch: wiring.fetch,
            credentials: () => wiring.secrets.fields(arn, `the Jira credentials of ${team}`, ['email', 'apiToken']),
          }),
    );
  }
  const channels = new Map<string, ChatChannel[]>();
  for (const [team, list] of Object.entries(config.collaboration.chat)) {
    const out: ChatChannel[] = [];
    const topic = wiring.chatTopics[team];
    if (topic && list.some((c) => c.kind !== 'webhook')) out.push(new AmazonQChannels(team, topic, wiring.publish));
    for (const channel of list)
      if (channel.kind === 'webhook') {
        const arn = secret(team, channel.name);
        const id = secretIdOf(team, channel.name);
        out.push(
          new WebhookChannel(
            id,
            channel.app,
            async () => (await wiring.secrets.fields(arn, `the webhook of ${id}`, ['url'])).url,
            wiring.fetch,
          ),
        );
      }
    channels.set(team, out);
  }
  return {
    incidents,
    trackerOf: (team) => trackers.get(team),
    channelsOf: (team) => channels.get(team) ?? [],
    posted: new PostedMessageStore(platform.doc, platform.tableName, platform.clock),
    incidentUrl: (id) => consoleLink(wiring.consoleUrl, id),
    review: async (id) => reviewLines(await reviewInputOf(reviewDeps, id)),
    markerKey: wiring.markerKey,
    clock: platform.clock,
    newClaim: randomUUID,
  };
}

/** The Lambda entry point. */
export const handler = createCollaborateHandler(
  once(() => {
    const sns = traced(new SNSClient({}));
    return collaborationDeps(lambdaPlatform(), {
      chatTopics: lambdaSettings().chatTopicArns(env.topicArnPrefix()),
      secrets: new SecretValues(traced(new SecretsManagerClient({}))),
      publish: async (topicArn, message) => {
        await sns.send(new PublishCommand({ TopicArn: topicArn, Message: message }));
      },
      consoleUrl: env.consoleUrl() ?? env.apiUrl(),
      markerKey: lambdaAckKey(),
    });
  }),
);
