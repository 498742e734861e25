import { S3Client } from '@aws-sdk/client-s3';
import { DynamoBaselineStore } from '../adapters/baseline-store.ts';
import { ChangeStore } from '../adapters/change-store.ts';
import { IdentityStore } from '../adapters/identity-store.ts';
import { S3Quarantine } from '../adapters/s3-quarantine.ts';
import type { RemediationLauncher } from '../core/actions/remediation.ts';
import { RemediationService } from '../core/actions/remediation.ts';
import type { WorkflowLauncher } from '../core/escalation/escalation-service.ts';
import { EscalationService } from '../core/escalation/escalation-service.ts';
import type { ActionProposer, IngestDeps } from '../core/ingest/ingest.ts';
import type { QuarantineSink } from '../core/ingest/ports.ts';
import type { Notifier } from '../core/notifications/ports.ts';
import { Classifier } from '../core/rules/classifier.ts';
import type { AwsRanges } from '../core/sources/aws-ranges.ts';
import type { Home } from '../core/sources/origin.ts';
import { env } from './env.ts';
import { lambdaLauncher } from './launcher.ts';
import type { Platform } from './platform.ts';
import { alertStoreOf, incidentStoreOf, lambdaNotifier, lambdaPlatform } from './platform.ts';
import { traced } from './powertools.ts';
import { lambdaRemediationLauncher } from './remediation-deps.ts';

/** What ingestion needs besides the platform (whose settings give its rules, networks, baseline and switches). */
export interface IngestOptions {
  /** AWS's published addresses, for `source.scope` "aws", read when first needed; none where sources carry no callers' addresses. */
  readonly awsRanges: (() => AwsRanges) | undefined;
  /** The region whose AWS addresses are `aws` in `source.scope`. @default every region's */
  readonly awsRegion?: string;
  /** Where the hub runs: clusters elsewhere are named `<account>/<region>/<name>`. @default awsRegion, any account */
  readonly home?: Home;
  readonly quarantine: QuarantineSink;
  readonly notifier: Notifier;
  /** What starts escalation workflows; none means incidents are stored, not paged. */
  readonly escalation?: WorkflowLauncher;
  /** What starts the remediation workflow; none means rules' actions are not proposed. */
  readonly remediation?: RemediationLauncher;
}

/**
 * What ingestion proposes actions through: the remediation service without cluster connections
 * (proposing reads and writes the incident only; runs happen in the remediation workflow).
 */
function actionProposer(platform: Platform, launcher: RemediationLauncher): ActionProposer {
  const { rules, config } = platform.settings;
  const policies = new Map(
    platform.settings.grouping.policies.flatMap((p) => (p.actions?.length ? [[p.name, p.actions] as const] : [])),
  );
  const service = new RemediationService({
    incidents: incidentStoreOf(platform),
    rules: new Map(rules.map((r) => [r.id, r])),
    policies,
    switches: config.remediation,
    connect: async () => {
      throw new Error('ingestion proposes actions; the remediation workflow runs them');
    },
    launcher,
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
  const { settings, clock } = platform;
  const alerts = alertStoreOf(platform);
  const incidents = incidentStoreOf(platform);
  const { baseline } = settings.config;
  return {
    classifier: new Classifier(settings.rules, {
      trustedNetworks: settings.config.trustedNetworks,
      awsRanges: options.awsRanges,
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
    remediation: options.remediation && actionProposer(platform, options.remediation),
    escalation:
      options.escalation &&
      new EscalationService(settings.escalation, options.escalation, options.notifier, incidents, clock),
    policy: settings.policy,
    grouping: settings.grouping,
    clock,
  };
}

/**
 * The ingestion dependencies in Lambda (each function builds them once per execution environment):
 * with AWS's ranges (`lambdaAwsRanges`) in the functions whose sources carry callers' addresses.
 */
export function lambdaIngestDeps(awsRanges?: () => AwsRanges): IngestDeps {
  return ingestDeps(lambdaPlatform(), {
    awsRanges,
    awsRegion: env.awsRegion(),
    home: { account: env.homeAccount(), region: env.awsRegion() },
    quarantine: new S3Quarantine(traced(new S3Client({})), env.quarantineBucket()),
    notifier: lambdaNotifier(),
    escalation: lambdaLauncher(),
    remediation: lambdaRemediationLauncher(),
  });
}
