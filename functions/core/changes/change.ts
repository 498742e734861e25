/** How far back the change context of an alert or incident looks: the changes before it was first seen. */
export const CHANGE_WINDOW_MS = 30 * 60_000;

/** One change of a cluster, for the change context of incidents. */
export interface ChangeRecord {
  readonly cluster: string;
  readonly at: string;
  readonly eventId: string;
  readonly source: string;
  readonly rule: string;
  readonly title: string;
  readonly actor: string;
  readonly what: string;
}

/** Where changes are recorded, and read back (the change behind a controller's creation). */
export interface ChangeSink {
  record(changes: readonly ChangeRecord[]): Promise<void>;
  /** Changes of a cluster between two instants, oldest first. */
  between(cluster: string, from: string, to: string, limit?: number): Promise<ChangeRecord[]>;
}
