import { createError } from '@middy/util';
import type middy from '@middy/core';
import type * as z from 'zod/mini';

/** An HTTP error whose body is `{"message": …}`; the error it answers for, when there is one, as `cause`. */
export function httpError(status: number, message: string, cause?: unknown): Error {
  const error = createError(status, JSON.stringify({ message }));
  if (cause !== undefined) Object.defineProperty(error, 'cause', { value: cause, enumerable: false });
  return error;
}

/** A zod error as one readable sentence naming each field. */
export function describeZodError(error: z.core.$ZodError, where: string): string {
  return error.issues
    .map((issue) => `${where}${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issue.message}`)
    .join('; ');
}

/** Parse with a schema or fail with a 400 that says what is wrong with which field. */
export function parseOr400<T extends z.ZodMiniType>(schema: T, value: unknown, where: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw httpError(400, describeZodError(parsed.error, where), parsed.error);
  return parsed.data;
}

/** An error class and the status its errors answer with. */
type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Which domain errors answer with which status: each error class registered once, beside the
 * functions that raise it (as Powertools' ErrorHandlerRegistry does), looked up along the class chain.
 * An error that is not registered is internal: the handler's generic 500, logged.
 */
export class ErrorStatusRegistry {
  private readonly statuses = new Map<ErrorClass, number>();

  public register(status: number, ...classes: ErrorClass[]): this {
    for (const type of classes) this.statuses.set(type, status);
    return this;
  }

  /** The status of an error, by its class or the nearest registered ancestor. */
  public statusOf(error: unknown): number | undefined {
    for (let proto = error && Object.getPrototypeOf(error); proto; proto = Object.getPrototypeOf(proto)) {
      const status = this.statuses.get(proto.constructor as ErrorClass);
      if (status !== undefined) return status;
    }
    return undefined;
  }
}

/** The message of an HTTP error of another middleware, whose body may already be `{"message": …}`. */
function messageOf(error: Error): string {
  try {
    return (JSON.parse(error.message) as { message?: string }).message ?? error.message;
  } catch {
    return error.message;
  }
}

/** Better words for the statuses other middlewares raise with a bare reason phrase. */
const MIDDLEWARE_MESSAGES: Readonly<Record<number, string>> = {
  415: 'send the request body as JSON with Content-Type: application/json',
  422: 'request body is not valid JSON',
};

/**
 * Turns registered domain errors into HTTP errors with JSON bodies (the domain error kept as `cause`),
 * and gives the JSON body to errors of other middlewares (router 404/405 with `Allow`, body parser
 * 415, malformed JSON 422 → 400). Registered after http-error-handler so that it runs before it;
 * internal errors stay internal (the handler's fallback message).
 */
export function domainErrors(registry: ErrorStatusRegistry): middy.MiddlewareObj {
  return {
    onError: (request) => {
      const error = request.error as
        | (Error & { statusCode?: number; expose?: boolean; headers?: Record<string, string> })
        | undefined;
      if (!error) return;
      const status = registry.statusOf(error);
      if (status !== undefined) {
        request.error = httpError(status, error.message, error);
        return;
      }
      if (error.statusCode && error.statusCode < 500) {
        const statusCode = error.statusCode === 422 ? 400 : error.statusCode;
        const message = /^Forbidden key/.test(error.message)
          ? 'request body uses a forbidden key (__proto__ or constructor)'
          : (MIDDLEWARE_MESSAGES[error.statusCode] ?? messageOf(error));
        request.error = Object.assign(
          httpError(statusCode, message, error),
          error.headers ? { headers: error.headers } : {},
        );
      }
    },
  };
}
