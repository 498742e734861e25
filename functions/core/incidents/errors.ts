/** A lifecycle transition that is not allowed (acknowledging a resolved incident …): HTTP 409. */
export class TransitionError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'TransitionError';
  }
}
