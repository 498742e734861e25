import { createError } from '@middy/util';
import type middy from '@middy/core';
import type * as z from 'zod/mini';
import { CursorError } from '../core/api/cursor.ts';
import { TimeRangeError } from '../core/api/errors.ts';
import { AckTokenError } from '../core/escalation/ack-token.ts';
import { AlertNotFoundError, TransitionError } from '../core/alerts/errors.ts';
import { IncidentNotFoundError, IncidentTransitionError } from '../core/incidents/errors.ts';
import { ReviewNotReadyError } from '../core/review/review.ts';
import { ActionTransitionError } from '../core/actions/decisions.ts';
import { UnknownActionError } from '../core/actions/remediation.ts';
import { ActionPlanError } from '../core/actions/requests.ts';

/** An HTTP error whose body is `{"message": …}`. */
export function httpError(status: number, message: string): Error {
  return createError(status, JSON.stringify({ message }));
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
  if (!parsed.success) throw httpError(400, describeZodError(parsed.error, where));
  return parsed.data;
}

const statusOf = (error: unknown): number | undefined => {
  if (error instanceof AlertNotFoundError || error instanceof IncidentNotFoundError) return 404;
  if (error instanceof TransitionError || error instanceof IncidentTransitionError) return 409;
  if (error instanceof ReviewNotReadyError) return 409;
  if (error instanceof UnknownActionError) return 404;
  if (error instanceof ActionTransitionError || error instanceof ActionPlanError) return 409;
  if (error instanceof CursorError || error instanceof TimeRangeError) return 400;
  if (error instanceof AckTokenError) return 403;
  return undefined;
};

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
 * Turns domain errors into HTTP errors with JSON bodies, and gives the JSON body to errors of other
 * middlewares (router 404/405 with `Allow`, body parser 415, malformed JSON 422 → 400). Registered
 * after http-error-handler so that it runs before it; internal errors stay internal (the handler's
 * fallback message).
 */
export function domainErrors(): middy.MiddlewareObj {
  return {
    onError: (request) => {
      const error = request.error as
        | (Error & { statusCode?: number; expose?: boolean; headers?: Record<string, string> })
        | undefined;
      if (!error) return;
      const status = statusOf(error);
      if (status !== undefined) {
        request.error = httpError(status, error.message);
        return;
      }
      if (error.statusCode && error.statusCode < 500) {
        const statusCode = error.statusCode === 422 ? 400 : error.statusCode;
        const message = /^Forbidden key/.test(error.message)
          ? 'request body uses a forbidden key (__proto__ or constructor)'
          : (MIDDLEWARE_MESSAGES[error.statusCode] ?? messageOf(error));
        request.error = Object.assign(httpError(statusCode, message), error.headers ? { headers: error.headers } : {});
      }
    },
  };
}
