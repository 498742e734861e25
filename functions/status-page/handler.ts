import { S3Client } from '@aws-sdk/client-s3';
import type { SNSEvent } from 'aws-lambda';
import { Lister } from '../adapters/lister.ts';
import { ALERT_ITEMS } from '../adapters/alert-store.ts';
import { S3StatusPage } from '../adapters/s3-status-page.ts';
import { statusSentence } from '../core/escalation/messages.ts';
import type { AlertPages } from '../core/status/active-alerts.ts';
import { activeAlerts } from '../core/status/active-alerts.ts';
import { clusterStatuses } from '../core/status/component-status.ts';
import type { StatusPageConfig } from '../core/status/config.ts';
import type { StatusNote, StatusPageDocument, StatusPageSink } from '../core/status/status-page.ts';
import { notesOf, STATUS_PAGE_CSS, statusPageDocument, statusPageHtml } from '../core/status/status-page.ts';
import { env } from '../shared/env.ts';
import { lambdaHandler } from '../shared/middleware.ts';
import { once } from '../shared/once.ts';
import type { Platform } from '../shared/platform.ts';
import { lambdaPlatform } from '../shared/platform.ts';
import { logger, traced } from '../shared/powertools.ts';

/** What the status page function works with. */
export interface StatusPageDeps {
  readonly alerts: AlertPages;
  readonly page: StatusPageSink;
  /** What it shows: its title, the clusters that opted in. */
  readonly config: StatusPageConfig;
  readonly clock: () => number;
}

/** Rewrite the status page: health now from the active alerts, the new notes before the earlier ones. */
export async function refreshStatusPage(
  deps: StatusPageDeps,
  newNotes: readonly StatusNote[] = [],
): Promise<StatusPageDocument> {
  const now = deps.clock();
  const statuses = clusterStatuses(await activeAlerts(deps.alerts, now), deps.config.clusters);
  const document = statusPageDocument({
    config: deps.config,
    statuses,
    earlierNotes: notesOf(await deps.page.read()),
    newNotes,
    now,
  });
  await deps.page.write({
    'index.html': statusPageHtml(document),
    'status.json': `${JSON.stringify(document, null, 2)}\n`,
    'style.css': STATUS_PAGE_CSS,
  });
  return document;
}

/**
 * The notes of the business topic's messages in an SNS event (their `lambda` body: kind `status`);
 * anything else in it is ignored. A scheduled run has no records, and no notes.
 */
export function notesOfEvent(event: Partial<SNSEvent> | undefined): StatusNote[] {
  const notes: StatusNote[] = [];
  for (const record of event?.Records ?? []) {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(record.Sns?.Message ?? '') as Record<string, unknown>;
    } catch {
      continue;
    }
    const { kind, status, component, cluster, at } = body;
    if (kind !== 'status' || (status !== 'degraded' && status !== 'restored')) continue;
    if (typeof component !== 'string' || typeof cluster !== 'string') continue;
    notes.push({
      at: typeof at === 'string' ? at : (record.Sns?.Timestamp ?? new Date().toISOString()),
      cluster,
      component,
      status,
      text: statusSentence({ component, cluster, status }),
    });
  }
  return notes;
}

/** The status page function over the given dependencies: on the business topic's messages and on a schedule. */
export function createStatusPageHandler(deps: () => StatusPageDeps) {
  return lambdaHandler<Partial<SNSEvent> | undefined, { clusters: number; notes: number }>().handler(async (event) => {
    const document = await refreshStatusPage(deps(), notesOfEvent(event));
    logger.info('status page written', { clusters: document.clusters.length, notes: document.notes.length });
    return { clusters: document.clusters.length, notes: document.notes.length };
  });
}

/** The status page's dependencies: the alerts of the store, where the page is written, the configured title and clusters. */
export function statusPageDeps(platform: Platform, page: StatusPageSink): StatusPageDeps {
  return {
    alerts: new Lister(platform.doc, platform.tableName, ALERT_ITEMS),
    page,
    config: platform.settings.config.statusPage,
    clock: platform.clock,
  };
}

const lambdaDeps = /* @__PURE__ */ once(
  (): StatusPageDeps =>
    statusPageDeps(lambdaPlatform(), new S3StatusPage(traced(new S3Client({})), env.statusPageBucket())),
);

/** The Lambda entry point. */
export const handler = createStatusPageHandler(lambdaDeps);
