import type middy from '@middy/core';
import { decodeBody, jsonContentTypePattern } from '@middy/util';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { httpError } from '../shared/http-errors.ts';

/**
 * The webhook's JSON body parser. Unlike the API's (middy's, which refuses the whole body when any key
 * is `__proto__` or `constructor`), it keeps such keys as plain own properties — `JSON.parse` never
 * sets a prototype — so that the one alert carrying one is quarantined by name and the alerts beside
 * it are kept. The decoders read every field through type-checking readers and refuse those keys.
 */
export function webhookJsonBody(): middy.MiddlewareObj<APIGatewayProxyEvent> {
  return {
    before: (request) => {
      const { headers, body, isBase64Encoded } = request.event;
      if (!jsonContentTypePattern.test(headers?.['content-type'] ?? ''))
        throw httpError(415, 'send the request body as JSON with Content-Type: application/json');
      if (typeof body !== 'string' || body === '') throw httpError(400, 'request body is empty');
      try {
        (request.event as { body: unknown }).body = JSON.parse(decodeBody(body, isBase64Encoded) as string);
      } catch {
        throw httpError(400, 'request body is not valid JSON');
      }
    },
  };
}
