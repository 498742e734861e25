import type { Notification } from './messages.ts';

/** Publishes notifications (SNS in AWS, the outbox locally). */
export interface Notifier {
  publish(notification: Notification): Promise<void>;
}
