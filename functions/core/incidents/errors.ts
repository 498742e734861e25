/** An incident id that names no incident (HTTP 404). */
export class IncidentNotFoundError extends Error {
  public constructor(public readonly incidentId: string) {
    super(`no incident ${incidentId.slice(0, 100)}`);
    this.name = 'IncidentNotFoundError';
  }
}

/** A change an incident's state does not allow: acknowledging a resolved one, merging into itself (HTTP 409). */
export class IncidentTransitionError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'IncidentTransitionError';
  }
}
