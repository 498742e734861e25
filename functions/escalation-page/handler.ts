import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { consoleLink } from '../core/incidents/console-link.ts';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ChangeStore } from '../adapters/change-store.ts';
import { CHANGE_WINDOW_MS } from '../core/changes/change.ts';
import { timelineItem } from '../adapters/table-design.ts';
import { SilenceStore } from '../adapters/silence-store.ts';
import { snsAttributes, snsPublishInput, UnknownTopicError } from '../adapters/sns-notifier.ts';
import { signAckToken } from '../core/escalation/ack-token.ts';
import type { EscalationPlan } from '../core/escalation/plan.ts';
import { preparePage } from '../core/escalation/prepare-page.ts';
import type { Incident } from '../core/incidents/types.ts';
import type { Silence } from '../core/silences/silence.ts';
import { env } from '../shared/env.ts';
import { lambdaSettings } from '../shared/settings.ts';
import { lambdaHandler } from '../shared/middleware.ts';
import { once } from '../shared/once.ts';
import type { Platform } from '../shared/platform.ts';
import { incidentStoreOf, lambdaAckKey, lambdaPlatform } from '../shared/platform.ts';
import { logger, metrics } from '../shared/powertools.ts';
import type { ChangeRecord } from '../core/changes/change.ts';

/** Input of the "Prepare page" state. */
export interface PreparePageInput {
  readonly plan: EscalationPlan;
  readonly cursor: number;
  readonly lastResort: boolean;
}

/** Output: what the native SNS and DynamoDB states of the workflow publish and write. */
export interface PreparePageOutput {
  readonly silenced: boolean;
  readonly team: string;
  readonly topicArn: string;
  readonly subject: string;
  readonly message: string;
  readonly messageAttributes: Record<string, unknown>;
  /** The timeline entry as a DynamoDB item (attribute-value JSON), for `dynamodb:putItem`. */
  readonly timelineItem: Record<string, unknown>;
  /** Who is paged now and when the next tier is due, as a DynamoDB map, for the incident item. */
  readonly pagingItem: Record<string, unknown>;
  readonly waitSeconds: number;
}

/** What the handler reads. */
export interface PreparePageDeps {
  findIncident(id: string): Promise<Incident | undefined>;
  /** The last change people made to the incident's cluster in the half hour before it started. */
  precedingChange(incident: Incident): Promise<ChangeRecord | undefined>;
  listSilences(now: number): Promise<Silence[]>;
  readonly topics: Readonly<Record<string, string>>;
  ackKey(): Promise<string>;
  /** Base URL of the incident API (acknowledgement links). */
  readonly apiUrl: string;
  /** Base URL of the console (incident links open its page of the incident). @default apiUrl */
  readonly consoleUrl?: string;
  readonly ackLinkHours: number;
  readonly clock: () => number;
}

/** The "Prepare page" Lambda over the given adapters. */
export function createPreparePageHandler(deps: () => PreparePageDeps) {
  return lambdaHandler<PreparePageInput, PreparePageOutput>({ metrics: true }).handler(
    async ({ plan, cursor, lastResort }) => {
      // The incident id is the correlation key of every log line of this invocation.
      logger.appendKeys({ incidentId: plan.incidentId });
      const d = deps();
      const now = d.clock();
      const incident = await d.findIncident(plan.incidentId);
      if (!incident) throw new Error(`incident ${plan.incidentId} does not exist`);
      const key = await d.ackKey();
      const base = d.apiUrl.replace(/\/+$/, '');
      const consoleBase = (d.consoleUrl ?? d.apiUrl).replace(/\/+$/, '');
      const expiresAt = Math.floor(now / 1000) + d.ackLinkHours * 3600;
      const page = preparePage(
        plan,
        cursor,
        lastResort,
        incident,
        await d.listSilences(now),
        {
          ackUrl: (i, audience) => `${base}/ack/${signAckToken(i.id, audience, expiresAt, key)}`,
          actionUrl: (i, actionId, audience) =>
            `${base}/act/${signAckToken(i.id, audience, expiresAt, key, undefined, actionId)}`,
          incidentUrl: (i) => consoleLink(consoleBase, i.id),
        },
        now,
        await d.precedingChange(incident),
      );
      const topicArn = d.topics[page.notification.team];
      if (!topicArn) throw new UnknownTopicError(page.notification.team);
      const publish = snsPublishInput(page.notification, topicArn);
      metrics.addMetric(page.silencedBy ? 'PagesSilenced' : 'Pages', MetricUnit.Count, 1);
      if (lastResort) metrics.addMetric('EscalationsExhausted', MetricUnit.Count, 1);
      logger.info(page.silencedBy ? 'page suppressed by silence' : 'page prepared', {
        incidentId: incident.id,
        team: page.notification.team,
        kind: page.notification.kind,
        silence: page.silencedBy,
      });
      return {
        silenced: page.silencedBy !== undefined,
        team: page.notification.team,
        topicArn,
        subject: publish.Subject ?? '',
        message: publish.Message ?? '',
        messageAttributes: snsAttributes(page.notification),
        timelineItem: marshall(timelineItem(page.timeline), { removeUndefinedValues: true }),
        pagingItem: marshall(page.paging, { removeUndefinedValues: true }),
        waitSeconds: page.waitSeconds,
      };
    },
  );
}

/** The page function's dependencies: the incident, the change before it, the silences, the topics, the link key. */
export function pageDeps(
  platform: Platform,
  options: {
    readonly topics: Readonly<Record<string, string>>;
    readonly ackKey: () => Promise<string>;
    readonly apiUrl: string;
    readonly consoleUrl?: string;
  },
): PreparePageDeps {
  const incidents = incidentStoreOf(platform);
  const changes = new ChangeStore(platform.doc, platform.tableName);
  const silences = new SilenceStore(platform.doc, platform.tableName);
  return {
    findIncident: (id) => incidents.find(id),
    precedingChange: async (incident) => {
      const start = Date.parse(incident.firstSeen);
      const found = await changes.between(
        incident.cluster,
        new Date(start - CHANGE_WINDOW_MS).toISOString(),
        // Strictly before: a change at the very instant is the incident's own event.
        new Date(start - 1).toISOString(),
      );
      return found.at(-1);
    },
    listSilences: (now) => silences.list(now),
    clock: platform.clock,
    ackLinkHours: platform.settings.escalation.ackLinkHours,
    ...options,
  };
}

/** The Lambda entry point. */
export const handler = createPreparePageHandler(
  once(() =>
    pageDeps(lambdaPlatform(), {
      topics: lambdaSettings().topicArns(env.topicArnPrefix()),
      ackKey: lambdaAckKey(),
      apiUrl: env.apiUrl(),
      consoleUrl: env.consoleUrl(),
    }),
  ),
);
