import type { WatchkeeperConfig } from '../functions/core/config/schema.ts';
import type { StageSettings } from './stages.ts';

/** Lambda keeps this many concurrent executions of an account unreserved, whatever functions reserve. */
export const UNRESERVED_MINIMUM = 100;

/** What the collaboration function reserves: a few at once keep trackers' rate limits. */
export const COLLABORATION_CONCURRENCY = 2;
/** What the status page reserves: one writer at a time (the page is read, merged and written). */
export const STATUS_PAGE_CONCURRENCY = 1;

/**
 * The reserved concurrency a configuration's stack asks of the account, by function, and in all: the
 * ingest functions' (a burst of deliveries cannot starve the account, nor the account them), the
 * collaboration function's and the status page's. One home for the stack and `watchkeeper preflight`.
 */
export function reservedConcurrency(
  config: Pick<WatchkeeperConfig, 'ingestConcurrency' | 'collaboration' | 'statusPage' | 'console'>,
  stage: StageSettings,
): { readonly ingest: number | undefined; readonly total: number } {
  const ingest = config.ingestConcurrency ?? stage.ingestConcurrency;
  const collaborating =
    Object.keys(config.collaboration.chat).length + Object.keys(config.collaboration.trackers).length > 0;
  const statusPage = config.statusPage.enabled && config.console.hosted;
  return {
    // 0 reserves none: the functions share the account's unreserved pool.
    ingest: ingest > 0 ? ingest : undefined,
    total: 3 * ingest + (collaborating ? COLLABORATION_CONCURRENCY : 0) + (statusPage ? STATUS_PAGE_CONCURRENCY : 0),
  };
}
