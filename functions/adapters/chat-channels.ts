import type { ChatChannel } from '../core/collaboration/collaborator.ts';
import type { ChatMessage } from '../core/collaboration/chat-message.ts';
import {
  customNotification,
  googleChatWebhookBody,
  slackWebhookBody,
  teamsWebhookBody,
} from '../core/collaboration/chat-message.ts';
import type { Fetch, RetryPolicy } from './http-json.ts';
import { requestJson } from './http-json.ts';

/** Publishes one message to an SNS topic (the team's chat topic). */
export type PublishToTopic = (topicArn: string, message: string) => Promise<void>;

/**
 * The Amazon Q Developer channels of a team (Slack and Microsoft Teams alike): one custom
 * notification on the team's chat topic, which every channel configuration of the team subscribes.
 */
export class AmazonQChannels implements ChatChannel {
  public readonly id: string;

  public constructor(
    team: string,
    private readonly topicArn: string,
    private readonly publish: PublishToTopic,
  ) {
    this.id = `${team}/amazon-q`;
  }

  public async send(message: ChatMessage, eventId: string): Promise<void> {
    await this.publish(this.topicArn, JSON.stringify(customNotification(message, eventId)));
  }
}

/** The chat tools an incoming webhook can be. */
export type WebhookApp = 'slack' | 'teams' | 'google-chat';

const BODIES: Record<WebhookApp, (message: ChatMessage) => Record<string, unknown>> = {
  slack: slackWebhookBody,
  teams: teamsWebhookBody,
  'google-chat': googleChatWebhookBody,
};

/** An incoming webhook (its URL is a secret: never logged, never in an error). */
export class WebhookChannel implements ChatChannel {
  public constructor(
    public readonly id: string,
    private readonly app: WebhookApp,
    private readonly url: () => Promise<string>,
    private readonly fetchFn: Fetch = globalThis.fetch,
    private readonly retry?: RetryPolicy,
  ) {}

  public async send(message: ChatMessage): Promise<void> {
    let url = await this.url();
    // Google Chat threads by key; a new thread when the key has none yet.
    if (this.app === 'google-chat')
      url += `${url.includes('?') ? '&' : '?'}messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`;
    await requestJson(
      this.fetchFn,
      { method: 'POST', url, body: BODIES[this.app](message), what: `${this.app} webhook ${this.id}` },
      this.retry,
    );
  }
}
