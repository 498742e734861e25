/**
 * Errors of list requests (answered 400). A module of their own, so that the HTTP error mapping every
 * HTTP function shares does not bundle the query schemas.
 */

/** A time filter outside the limits, or `since` after `until`: HTTP 400. */
export class TimeRangeError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'TimeRangeError';
  }
}
