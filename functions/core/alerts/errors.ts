/** A lifecycle transition that is not allowed (acknowledging a resolved incident …): HTTP 409. */
export class TransitionError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'TransitionError';
  }
}

/** An incident id that names no incident: HTTP 404. */
export class AlertNotFoundError extends Error {
  public constructor(id: string) {
    super(`no incident ${id.slice(0, 100)}`);
    this.name = 'AlertNotFoundError';
  }
}
