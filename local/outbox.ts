import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import { snsPublishInput } from '../functions/adapters/sns-notifier.ts';
import type { Notification } from '../functions/core/notifications/notification.ts';
import type { Notifier } from '../functions/core/notifications/ports.ts';

/** A local topic ARN per team. */
export const localTopicArn = (team: string): string => `arn:aws:sns:us-east-1:000000000000:watchkeeper-${team}`;

/** One captured SNS publication. */
export interface OutboxEntry {
  readonly at: string;
  readonly team: string;
  readonly kind: string;
  readonly incidentId: string;
  /** The exact Publish input (what SNS would have received). */
  readonly publish: PublishCommandInput;
}

/** A request to a chat tool or tracker, as it would have left the machine (authorization shown by scheme only). */
export interface IntegrationEntry {
  readonly at: string;
  /** `amazon-q` (a custom notification on a team's chat topic) or `http` (a tracker or webhook request). */
  readonly via: 'amazon-q' | 'http';
  readonly method: string;
  /** The chat topic, or the URL (a webhook's only by its host: its path is the secret). */
  readonly target: string;
  readonly body: unknown;
}

/**
 * The local stand-in for SNS: captures every Publish (from the notifier and from the workflow's
 * native SNS task), keeps it in memory, and appends it to a JSON-lines file when given one.
 */
export class LocalOutbox implements Notifier {
  public readonly entries: OutboxEntry[] = [];
  /** Chat messages and tracker requests the integrations sent. */
  public readonly integrations: IntegrationEntry[] = [];
  /** Called (and awaited) for every publication: how tests play the person who acknowledges. */
  public readonly listeners: Array<(entry: OutboxEntry) => unknown> = [];

  public constructor(private readonly file?: string) {
    if (file) mkdirSync(dirname(file), { recursive: true });
  }

  public async publish(notification: Notification): Promise<void> {
    await this.record(snsPublishInput(notification, localTopicArn(notification.team)));
  }

  /** Capture a Publish input; returns the SNS-like response. */
  public async record(publish: PublishCommandInput): Promise<{ MessageId: string }> {
    const attributes = publish.MessageAttributes ?? {};
    const entry: OutboxEntry = {
      at: new Date().toISOString(),
      team: (String(publish.TopicArn).split(':').pop() ?? '').replace(/^watchkeeper-/, ''),
      kind: attributes.kind?.StringValue ?? 'page',
      incidentId: attributes.incidentId?.StringValue ?? '',
      publish,
    };
    this.entries.push(entry);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    for (const listener of this.listeners) await listener(entry);
    return { MessageId: `local-${this.entries.length}` };
  }

  /** Capture a chat message or tracker request. */
  public recordIntegration(entry: Omit<IntegrationEntry, 'at'>): void {
    const full = { at: new Date().toISOString(), ...entry };
    this.integrations.push(full);
    if (this.file) appendFileSync(this.file, `${JSON.stringify({ integration: full })}\n`);
  }

  /** Pages (tier pages and last-resort pages), as `replay` counts notifications. */
  public get pages(): number {
    return this.entries.filter((e) => e.kind === 'page' || e.kind === 'last-resort').length;
  }

  /** First pages: the tier-1 page of each escalation's first round (what wakes someone up). */
  public get firstPages(): number {
    return this.entries.filter((e) => {
      if (e.kind !== 'page' || e.publish.MessageAttributes?.tier?.StringValue !== '1') return false;
      const body = JSON.parse(e.publish.Message ?? '{}') as { https?: string };
      return (JSON.parse(body.https ?? '{}') as { round?: number }).round === 0;
    }).length;
  }
}
