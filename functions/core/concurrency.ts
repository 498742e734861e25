import { AsyncLocalStorage } from 'node:async_hooks';

/** The deepest chain of requests so far in one branch of work. */
interface Depth {
  value: number;
}

const branch = new AsyncLocalStorage<Depth>();

/**
 * Count the round trips on the critical path of `work`: the longest chain of requests each of which
 * had to wait for the one before (requests a client reports with {@link roundTrip}). Requests that
 * only wait for a free slot of a bounded pool ({@link mapBounded}) do not count as chained: this is
 * the latency the work would have with enough connections. Costs nothing when nobody measures.
 */
export async function measureRoundTrips<T>(work: () => Promise<T>): Promise<{ result: T; roundTrips: number }> {
  const depth: Depth = { value: 0 };
  const result = await branch.run(depth, work);
  return { result, roundTrips: depth.value };
}

/** Report one request around its sending (what a client's middleware calls). */
export async function roundTrip<T>(send: () => Promise<T>): Promise<T> {
  const depth = branch.getStore();
  if (!depth) return send();
  const mine = depth.value + 1;
  try {
    return await send();
  } finally {
    depth.value = Math.max(depth.value, mine);
  }
}

/**
 * `fn` over `items` with at most `limit` running at once; results in the order of the items. Each
 * item is its own branch of work for {@link measureRoundTrips}: it starts from the depth reached
 * before the map, whenever a slot frees up.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const parent = branch.getStore();
  const base = parent?.value ?? 0;
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const item = items[index] as T;
      if (!parent) results[index] = await fn(item, index);
      else {
        const own: Depth = { value: base };
        results[index] = await branch.run(own, () => fn(item, index));
        parent.value = Math.max(parent.value, own.value);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Requests one store operation keeps in flight: half the AWS SDK's 50 sockets per client, so that
 * two operations at once do not queue behind each other.
 */
export const STORE_CONCURRENCY = 25;

/** `items` cut into lists of at most `size`. */
export const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
