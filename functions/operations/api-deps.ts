import { AckNonceStore } from '../adapters/ack-nonce-store.ts';
import { ALERT_ITEMS, AlertStore } from '../adapters/alert-store.ts';
import { ChangeStore } from '../adapters/change-store.ts';
import { IdentityStore } from '../adapters/identity-store.ts';
import { INCIDENT_ITEMS, IncidentStore } from '../adapters/incident-store.ts';
import { Lister } from '../adapters/lister.ts';
import { ResolutionReader } from '../adapters/resolution-reader.ts';
import { FileRunbooks } from '../adapters/runbooks.ts';
import { SilenceStore } from '../adapters/silence-store.ts';
import type { EscalationConfig } from '../core/escalation/config.ts';
import type { WorkflowLauncher } from '../core/escalation/escalation-service.ts';
import { EscalationService } from '../core/escalation/escalation-service.ts';
import { loadRules } from '../core/rules/catalogue.ts';
import type { Rule } from '../core/rules/rule-schema.ts';
import { env } from '../shared/env.ts';
import { lambdaSettings } from '../shared/settings.ts';
import { lambdaLauncher } from '../shared/launcher.ts';
import { once } from '../shared/once.ts';
import type { Platform } from '../shared/platform.ts';
import { lambdaAckKey, lambdaNotifier, lambdaPlatform } from '../shared/platform.ts';
import type { ApiDeps } from './deps.ts';
import { ActionApi } from './action-api.ts';
import { AlertApi } from './alert-api.ts';
import type { RemediationService } from '../core/actions/remediation.ts';
import { lambdaRemediationService } from '../shared/remediation-deps.ts';
import { CatalogueApi } from './catalogue-api.ts';
import { IncidentApi } from './incident-api.ts';
import { InsightsApi } from './insights-api.ts';
import { ReviewApi } from './review-api.ts';
import { SilenceApi } from './silence-api.ts';
import type { Notifier } from '../core/notifications/ports.ts';

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

/** What the API needs besides the platform. */
export interface ApiOptions {
  readonly rules: readonly Rule[];
  readonly notifier: Notifier;
  /** Folder of the runbooks (`<rule id>.md`). */
  readonly runbookDir: string;
  /** Configured clusters, shown in the summary even when all is well. */
  readonly clusters: readonly string[];
  /** The console's address, for the links to incidents. */
  readonly consoleUrl?: string;
  /** HMAC key of acknowledgement links and cursors. */
  readonly ackKey: () => Promise<string>;
  /** Remediation over the same store (dry runs and decisions). */
  readonly remediation?: RemediationService;
  /** Teams with a defect tracker; those of the escalation's configuration when absent. */
  readonly trackerTeams?: readonly string[];
  /** Escalation of incidents that merges and splits make page; none: they are not paged. */
  readonly escalation?: { readonly config: EscalationConfig; readonly launcher: WorkflowLauncher };
}

/** The API's dependencies, Lambda and local alike. */
export function apiDeps(platform: Platform, options: ApiOptions): ApiDeps {
  const { doc, tableName, policy, clock } = platform;
  const incidents = new IncidentStore(doc, tableName, policy, clock);
  const { escalation } = options;
  return {
    alerts: new AlertStore(doc, tableName, policy, clock),
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
      escalation && new EscalationService(escalation.config, escalation.launcher, options.notifier, incidents, clock),
    rules: options.rules,
    clusters: options.clusters,
    consoleUrl: options.consoleUrl,
    trackerTeams: options.trackerTeams ?? Object.keys(escalation?.config.tickets ?? {}),
    remediation: options.remediation,
    policy,
    ackKey: options.ackKey,
    clock,
  };
}

/** The API's dependencies in Lambda, built once per execution environment. */
export const lambdaApiDeps = /* @__PURE__ */ once(() =>
  apiDeps(lambdaPlatform(), {
    rules: loadRules(lambdaSettings().rules),
    notifier: lambdaNotifier(),
    runbookDir: env.runbookDir(),
    clusters: Object.keys(lambdaSettings().escalation.clusterSlaTiers),
    consoleUrl: env.consoleUrl(),
    ackKey: lambdaAckKey(),
    escalation: { config: lambdaSettings().escalation, launcher: lambdaLauncher() },
    remediation: env.remediationArn() ? lambdaRemediationService() : undefined,
  }),
);
