import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { logger, metrics, tracer } from './powertools.ts';
/** Options of {@link lambdaHandler}. */
export interface LambdaHandlerOptions {
  /** Flush Powertools metrics (EMF) after every invocation. @default false */
  readonly metrics?: boolean;
}

/**
 * The stack every function starts with: X-Ray tracing, the Lambda context on every log line
 * (keys reset per invocation), and optionally EMF metrics. Handlers add what is theirs after it.
 */
export function lambdaHandler<Event, Result>(options: LambdaHandlerOptions = {}) {
  const handler = middy<Event, Result>()
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { resetKeys: true }));
  return options.metrics ? handler.use(logMetrics(metrics)) : handler;
}
