import httpErrorHandler from '@middy/http-error-handler';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpSecurityHeaders from '@middy/http-security-headers';
import type middy from '@middy/core';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { domainErrors, ErrorStatusRegistry } from './http-errors.ts';
import { bodySizeLimit } from './http-limits.ts';
import type { LambdaHandlerOptions } from './middleware.ts';
import { lambdaHandler } from './middleware.ts';
import { logger, metrics } from './powertools.ts';

/** Options of {@link httpHandler}. */
export interface HttpHandlerOptions extends LambdaHandlerOptions {
  /** Larger bodies are answered 413 before anything parses them. */
  readonly maxBodyBytes: number;
  /** The domain errors callers are answered with their status. @default none (every other error is a 500) */
  readonly errors?: ErrorStatusRegistry;
}

/**
 * The Content-Security-Policy of every answer that sets none of its own: nothing loads, nothing runs,
 * no form posts, no framing (JSON needs none of it). A page that must let a person act — the link
 * pages — sets its own (functions/api/ack-page.ts).
 */
export const DEFAULT_POLICY =
  "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox";

/** Sets {@link DEFAULT_POLICY} on answers without a policy of their own, errors included. */
function contentSecurityPolicy(): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const apply = (request: middy.Request<APIGatewayProxyEvent, APIGatewayProxyResult>) => {
    const response = request.response;
    if (!response) return;
    response.headers = { 'Content-Security-Policy': DEFAULT_POLICY, ...response.headers };
  };
  return { after: apply, onError: apply };
}

/** A failure that is not the caller's (no status, or 5xx) is logged as an error; the caller gets a plain 500. */
export function logServerErrors(error: unknown): void {
  const status = (error as { statusCode?: number }).statusCode;
  if (status === undefined || status >= 500) logger.error('request failed', { error: error as Error });
}

/**
 * The stack of every HTTP function (the API and the webhook): {@link lambdaHandler}, lower-case
 * headers, the body-size limit, security headers, and errors as JSON — domain errors as their 4xx,
 * anything else logged and answered 500 without detail. With metrics, every refused request counts
 * in `RequestsRefused`.
 */
export function httpHandler(options: HttpHandlerOptions) {
  const handler = lambdaHandler<APIGatewayProxyEvent, APIGatewayProxyResult>(options);
  // A refused request is still an invocation to count (the metrics middleware flushes after this runs).
  // (A middy onError that returns a value makes it the response: this one returns nothing.)
  if (options.metrics)
    handler.use({
      onError: () => {
        metrics.addMetric('RequestsRefused', MetricUnit.Count, 1);
      },
    });
  return (
    handler
      .use(httpHeaderNormalizer())
      .use(bodySizeLimit(options.maxBodyBytes))
      // One policy per kind of answer (below), not the same for a JSON body and a page with a form.
      .use(contentSecurityPolicy())
      .use(httpSecurityHeaders({ contentSecurityPolicy: false }))
      .use(
        httpErrorHandler({ logger: logServerErrors, fallbackMessage: JSON.stringify({ message: 'internal error' }) }),
      )
      .use(domainErrors(options.errors ?? new ErrorStatusRegistry()))
  );
}
