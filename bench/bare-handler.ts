/** The baseline of the cold-start benchmark: a middy handler that does nothing, bundled like the functions. */
import middy from '@middy/core';

export const handler = middy().handler(async () => ({ ok: true }));
