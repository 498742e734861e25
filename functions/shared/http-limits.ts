import type middy from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { httpError } from './http-errors.ts';

/** Largest request body the incident API takes (notes and resolutions are at most 4,000 characters). */
export const MAX_API_BODY_BYTES = 1_048_576;

/**
 * Answers 413 before anything parses a body larger than `maxBytes` (API Gateway itself lets up
 * to 10 MB through).
 */
export function bodySizeLimit(maxBytes: number): middy.MiddlewareObj<APIGatewayProxyEvent> {
  return {
    before: (request) => {
      const { body, isBase64Encoded } = request.event;
      if (typeof body !== 'string') return;
      const bytes = isBase64Encoded ? Math.floor((body.length * 3) / 4) : Buffer.byteLength(body, 'utf8');
      if (bytes > maxBytes) throw httpError(413, `request body is ${bytes} bytes; the limit is ${maxBytes}`);
    },
  };
}
