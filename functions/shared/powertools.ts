import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { env } from './env.ts';

/** Shared structured logger, created once per execution environment. */
export const logger = new Logger({ serviceName: env.serviceName() });

/** Shared EMF metrics, created once per execution environment. */
export const metrics = new Metrics({ namespace: env.metricsNamespace(), serviceName: env.serviceName() });

/** Shared X-Ray tracer (Powertools), created once per execution environment. */
export const tracer = new Tracer({ serviceName: env.serviceName() });

/**
 * An AWS SDK client whose calls appear as X-Ray subsegments (service, operation, throttles, errors).
 * Unchanged where tracing is off (the local runtime, the tests).
 */
export function traced<T>(client: T): T {
  return tracer.captureAWSv3Client(client);
}
