import { AckNonceStore } from '../adapters/ack-nonce-store.ts';
import { ALERT_ITEMS } from '../adapters/alert-store.ts';
import { ChangeStore } from '../adapters/change-store.ts';
import { IdentityStore } from '../adapters/identity-store.ts';
import { INCIDENT_ITEMS } from '../adapters/incident-store.ts';
import { Lister } from '../adapters/lister.ts';
import { ResolutionReader } from '../adapters/resolution-reader.ts';
import { FileRunbooks } from '../adapters/runbooks.ts';
import { SilenceStore } from '../adapters/silence-store.ts';
import type { RemediationService } from '../core/actions/remediation.ts';
import type { WorkflowLauncher } from '../core/escalation/escalation-service.ts';
import { EscalationService } from '../core/escalation/escalation-service.ts';
import type { Notifier } from '../core/notifications/ports.ts';
import { env } from '../shared/env.ts';
import { lambdaLauncher } from '../shared/launcher.ts';
import { once } from '../shared/once.ts';
import type { Platform } from '../shared/platform.ts';
import { alertStoreOf, incidentStoreOf, lambdaAckKey, lambdaNotifier, lambdaPlatform } from '../shared/platform.ts';
import { lambdaPlanningService } from '../shared/remediation-deps.ts';
import { ActionApi } from './action-api.ts';
import { AlertApi } from './alert-api.ts';
import { CatalogueApi } from './catalogue-api.ts';
import type { ApiDeps } from './deps.ts';
import { IncidentApi } from './incident-api.ts';
import { InsightsApi } from './insights-api.ts';
import { ReviewApi } from './review-api.ts';
import { SilenceApi } from './silence-api.ts';

/** The API's operations, independent of HTTP, by what they are about. */
export interface Api {
  readonly incidents: IncidentApi;
  readonly alerts: AlertApi;
  readonly silences: SilenceApi;
  readonly catalogue: CatalogueApi;
  readonly insights: InsightsApi;
  readonly reviews: ReviewApi;
  readonly actions: ActionApi;
}

/** The operations over their dependencies. */
export function apiOf(deps: ApiDeps): Api {
  return {
    incidents: new IncidentApi(deps),
    alerts: new AlertApi(deps),
    silences: new SilenceApi(deps),
    catalogue: new CatalogueApi(deps),
    insights: new InsightsApi(deps),
    reviews: new ReviewApi(deps),
    actions: new ActionApi(deps),
  };
}

/** What the API needs besides the platform (whose settings give its rules, clusters and escalation). */
export interface ApiOptions {
  readonly notifier: Notifier;
  /** Folder of the runbooks (`<rule id>.md`). */
  readonly runbookDir: string;
  /** The console's address, for the links to incidents. */
  readonly consoleUrl?: string;
  /** HMAC key of acknowledgement links and cursors. */
  readonly ackKey: () => Promise<string>;
  /** Remediation over the same store (dry runs and decisions). */
  readonly remediation?: RemediationService;
  /** What starts escalation workflows, for incidents that merges and splits make page; none: they are not paged. */
  readonly escalation?: WorkflowLauncher;
}

/** The API's dependencies, Lambda and local alike. */
export function apiDeps(platform: Platform, options: ApiOptions): ApiDeps {
  const { doc, tableName, settings, clock } = platform;
  const incidents = incidentStoreOf(platform);
  const { escalation } = options;
  return {
    alerts: alertStoreOf(platform),
    alertLister: new Lister(doc, tableName, ALERT_ITEMS),
    incidents,
    incidentLister: new Lister(doc, tableName, INCIDENT_ITEMS),
    silences: new SilenceStore(doc, tableName),
    nonces: new AckNonceStore(doc, tableName),
    runbooks: new FileRunbooks(options.runbookDir),
    changes: new ChangeStore(doc, tableName),
    identities: new IdentityStore(doc, tableName),
    resolutions: new ResolutionReader(doc, tableName),
    notifier: options.notifier,
    escalation:
      escalation && new EscalationService(settings.escalation, escalation, options.notifier, incidents, clock),
    rules: settings.rules,
    clusters: settings.silenceWatches.map((w) => w.name),
    consoleUrl: options.consoleUrl,
    trackerTeams: Object.keys(settings.escalation.tickets),
    remediation: options.remediation,
    policy: settings.policy,
    ackKey: options.ackKey,
    clock,
  };
}

/** The API's dependencies in Lambda, built once per execution environment. */
export const lambdaApiDeps = /* @__PURE__ */ once(() =>
  apiDeps(lambdaPlatform(), {
    notifier: lambdaNotifier(),
    runbookDir: env.runbookDir(),
    consoleUrl: env.consoleUrl(),
    ackKey: lambdaAckKey(),
    escalation: lambdaLauncher(),
    remediation: env.remediationArn() ? lambdaPlanningService() : undefined,
  }),
);
