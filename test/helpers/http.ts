/** One answer of the local server: status, parsed JSON (if any), text and headers. */
export interface HttpAnswer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are asserted field by field
  readonly json: any;
  readonly text: string;
  readonly headers: Headers;
}

/**
 * A request to a local server. An object body is sent as JSON with its content type; a string body
 * is sent as it is, with whatever headers the test gives.
 */
export async function request(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  const json = body !== undefined && typeof body !== 'string';
  const response = await fetch(`${base}${path}`, {
    method,
    headers: json ? { 'content-type': 'application/json', ...headers } : headers,
    body: body === undefined ? undefined : json ? JSON.stringify(body) : (body as string),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, json: parsed, text, headers: response.headers };
}
