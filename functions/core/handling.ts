/** When something was seen, started, acknowledged and resolved, and by whom: alerts and incidents alike. */
export interface Handling {
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** When this generation was created (the list order). */
  readonly startedAt: string;
  readonly acknowledgedAt?: string;
  readonly acknowledgedBy?: string;
  readonly resolvedAt?: string;
  readonly resolvedBy?: string;
  readonly resolution?: string;
  /** Times it was resolved and came back. */
  readonly flaps: number;
  /** Epoch seconds after which a resolved one may be deleted (DynamoDB TTL). */
  readonly expiresAt?: number;
}

/** What reopening forgets: who acknowledged and resolved it, how, and when it would have expired. */
export const REOPENED = {
  acknowledgedAt: undefined,
  acknowledgedBy: undefined,
  resolvedAt: undefined,
  resolvedBy: undefined,
  resolution: undefined,
  expiresAt: undefined,
} as const satisfies Partial<Handling>;
