/** Lifecycle parameters, from configuration. */
export interface AlertPolicy {
  /** A signal within this many minutes after resolution reopens the incident. @default 60 */
  readonly reopenWindowMinutes: number;
  /** How long a delivery token is remembered to ignore redelivery. @default 360 (Lambda's maximum event age) */
  readonly dedupeWindowMinutes: number;
  /** At most this many delivery tokens per incident (the oldest are forgotten first). @default 256 */
  readonly maxDeliveryTokens: number;
  /** "Occurred again" timeline entries at most this often per incident. @default 30 */
  readonly recurrenceNoteMinutes: number;
  /** Resolved incidents are kept this long (TTL). @default 400 */
  readonly retentionDays: number;
  /** Evidence samples kept per incident. @default 5 */
  readonly maxSamples: number;
  /** Distinct actors kept per incident. @default 10 */
  readonly maxActors: number;
}

/** The default lifecycle parameters. */
export const DEFAULT_ALERT_POLICY: AlertPolicy = {
  reopenWindowMinutes: 60,
  dedupeWindowMinutes: 360,
  maxDeliveryTokens: 256,
  recurrenceNoteMinutes: 30,
  retentionDays: 400,
  maxSamples: 5,
  maxActors: 10,
};
