/** An alert lifecycle transition that is not allowed (acknowledging a resolved alert …): HTTP 409. */
export class TransitionError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'TransitionError';
  }
}

/** An alert id that names no alert: HTTP 404. */
export class AlertNotFoundError extends Error {
  public constructor(id: string) {
    super(`no alert ${id.slice(0, 100)}`);
    this.name = 'AlertNotFoundError';
  }
}
