import { S3Client } from '@aws-sdk/client-s3';
import { DynamoBaselineStore } from '../adapters/baseline-store.ts';
import { ChangeStore } from '../adapters/change-store.ts';
import type { BaselineSettings } from '../core/baseline/first-seen.ts';
import { DEFAULT_BASELINE } from '../core/baseline/first-seen.ts';
import { AlertStore } from '../adapters/alert-store.ts';
import { IdentityStore } from '../adapters/identity-store.ts';
import { IncidentStore } from '../adapters/incident-store.ts';
import { S3Quarantine } from '../adapters/s3-quarantine.ts';
import type { EscalationConfig } from '../core/escalation/config.ts';
import type { WorkflowLauncher } from '../core/escalation/escalation-service.ts';
import { EscalationService } from '../core/escalation/escalation-service.ts';
import type { ActionProposer, IngestDeps } from '../core/ingest/ingest.ts';
import type { RemediationLauncher } from '../core/actions/remediation.ts';
import { RemediationService } from '../core/actions/remediation.ts';
import type { RemediationConfig } from '../core/actions/remediation-config.ts';
import { SFNClient } from '@aws-sdk/client-sfn';
import { StepFunctionsLauncher } from '../adapters/sfn-launcher.ts';
import type { QuarantineSink } from '../core/ingest/ports.ts';
import { loadRules } from '../core/rules/catalogue.ts';
import { Classifier } from '../core/rules/classifier.ts';
import type { Rule } from '../core/rules/rule-schema.ts';
import { env } from './env.ts';
import { lambdaSettings } from './settings.ts';
import { lambdaLauncher } from './launcher.ts';
import { once } from './once.ts';
import type { Home } from '../core/sources/origin.ts';
import type { Platform } from './platform.ts';
import { lambdaNotifier, lambdaPlatform } from './platform.ts';
import { traced } from './powertools.ts';
import type { Notifier } from '../core/notifications/ports.ts';

/** What ingestion needs besides the platform. */
export interface IngestOptions {
  readonly rules: readonly Rule[];
  /** Your own public addresses (CIDRs), for `source.scope`. */
  readonly trustedNetworks?: readonly string[];
  /** The region whose AWS addresses are `aws` in `source.scope`. @default every region's */
  readonly awsRegion?: string;
  /** Where the hub runs: clusters elsewhere are named `<account>/<region>/<name>`. @default awsRegion, any account */
  readonly home?: Home;
  /** The baseline of first-seen rules. @default DEFAULT_BASELINE */
  readonly baseline?: BaselineSettings;
  readonly quarantine: QuarantineSink;
  readonly notifier: Notifier;
  /** Escalation: its settings and what starts workflows; none means incidents are stored, not paged. */
  readonly escalation?: { readonly config: EscalationConfig; readonly launcher: WorkflowLauncher };
  /** Remediation: its switches and what starts its workflow; none means rules' actions are not proposed. */
  readonly remediation?: { readonly config: RemediationConfig; readonly launcher: RemediationLauncher };
}

/**
 * What ingestion proposes actions through: the remediation service without cluster connections
 * (proposing reads and writes the incident only; runs happen in the remediation workflow).
 */
function actionProposer(
  platform: Platform,
  rules: readonly Rule[],
  remediation: { readonly config: RemediationConfig; readonly launcher: RemediationLauncher },
): ActionProposer {
  const policies = new Map(
    platform.grouping.policies.flatMap((p) => (p.actions?.length ? [[p.name, p.actions] as const] : [])),
  );
  const service = new RemediationService({
    incidents: new IncidentStore(platform.doc, platform.tableName, platform.policy, platform.clock),
    rules: new Map(rules.map((r) => [r.id, r])),
    policies,
    switches: remediation.config,
    connect: async () => {
      throw new Error('ingestion proposes actions; the remediation workflow runs them');
    },
    launcher: remediation.launcher,
    clock: platform.clock,
  });
  return {
    rulesWithActions: new Set(rules.filter((r) => r.enabled && r.actions.length > 0).map((r) => r.id)),
    policiesWithActions: new Set(policies.keys()),
    propose: (incidentId, alerts) => service.propose(incidentId, alerts),
  };
}

/** The dependencies of every ingesting function (logs, events, webhook, silence check), Lambda and local alike. */
export function ingestDeps(platform: Platform, options: IngestOptions): IngestDeps {
  const alerts = new AlertStore(platform.doc, platform.tableName, platform.policy, platform.clock);
  const incidents = new IncidentStore(platform.doc, platform.tableName, platform.policy, platform.clock);
  const { escalation } = options;
  const baseline = options.baseline ?? DEFAULT_BASELINE;
  return {
    classifier: new Classifier(options.rules, {
      trustedNetworks: options.trustedNetworks,
      awsRegion: options.awsRegion,
      home: options.home,
    }),
    alerts,
    incidents,
    incidentQueue: incidents,
    quarantine: options.quarantine,
    changes: new ChangeStore(platform.doc, platform.tableName),
    identities: new IdentityStore(platform.doc, platform.tableName),
    baseline: {
      store: new DynamoBaselineStore(platform.doc, platform.tableName, baseline.windowDays),
      settings: baseline,
    },
    notifier: options.notifier,
    remediation: options.remediation && actionProposer(platform, options.rules, options.remediation),
    escalation: escalation
      ? new EscalationService(escalation.config, escalation.launcher, options.notifier, incidents, platform.clock)
      : undefined,
    policy: platform.policy,
    grouping: platform.grouping,
    clock: platform.clock,
  };
}

/** The ingestion dependencies in Lambda, built once per execution environment. */
export const lambdaIngestDeps = /* @__PURE__ */ once((): IngestDeps => {
  const arn = env.remediationArn();
  const remediationLauncher = arn ? new StepFunctionsLauncher(traced(new SFNClient({})), arn) : undefined;
  const settings = lambdaSettings();
  return ingestDeps(lambdaPlatform(), {
    rules: loadRules(settings.rules),
    trustedNetworks: settings.trustedNetworks,
    awsRegion: env.awsRegion(),
    home: { account: env.homeAccount(), region: env.awsRegion() },
    baseline: settings.baseline,
    quarantine: new S3Quarantine(traced(new S3Client({})), env.quarantineBucket()),
    notifier: lambdaNotifier(),
    escalation: { config: settings.escalation, launcher: lambdaLauncher() },
    remediation: remediationLauncher ? { config: settings.remediation, launcher: remediationLauncher } : undefined,
  });
});
