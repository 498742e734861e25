import type { Notification } from './notification.ts';

/** Publishes notifications (SNS in AWS, the outbox locally). */
export interface Notifier {
  publish(notification: Notification): Promise<void>;
}
