/** Raised when input cannot be decoded or normalized; the message is the quarantine reason. */
export class InvalidInputError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'InvalidInputError';
  }
}
