/**
 * The floor of the cold-start benchmark: the least any Watchkeeper function loads under the project's own
 * rules (middy, the Powertools logger, metrics and tracer, and one AWS SDK client: the DynamoDB one
 * nearly every function uses), bundled like the functions. Functions minus floor is what our code costs.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../functions/shared/clients.ts';
import { logger, metrics, tracer } from '../functions/shared/powertools.ts';

// documentClient() builds its DynamoDB client through traced(), as the functions do.
const client = documentClient();

export const handler = middy()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(async () => client.send(new GetCommand({ TableName: 'incidents', Key: { pk: 'x', sk: 'y' } })));
