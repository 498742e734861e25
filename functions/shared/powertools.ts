import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { env } from './env.ts';

/** Shared structured logger, created once per execution environment. */
export const logger = new Logger({ serviceName: env.serviceName() });

/** Shared EMF metrics, created once per execution environment. */
export const metrics = new Metrics({ namespace: env.metricsNamespace(), serviceName: env.serviceName() });
