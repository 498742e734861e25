import type { Home } from '../functions/core/sources/origin.ts';
import { clusterIdOf } from '../functions/core/sources/origin.ts';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, SNSEvent } from 'aws-lambda';
import { ChangeStore } from '../functions/adapters/change-store.ts';
import { createStatusPageHandler, statusPageDeps } from '../functions/status-page/handler.ts';
import { BUSINESS_TOPIC } from '../functions/core/escalation/announce.ts';
import { LocalStatusPage } from './local-status-page.ts';
import type { AlertStore } from '../functions/adapters/alert-store.ts';
import type { IncidentStore } from '../functions/adapters/incident-store.ts';
import { SilenceStore } from '../functions/adapters/silence-store.ts';
import { createAlertmanagerHandler } from '../functions/alertmanager/handler.ts';
import type { Api } from '../functions/operations/api-deps.ts';
import { apiDeps, apiOf } from '../functions/operations/api-deps.ts';
import { createApiHandler } from '../functions/api/handler.ts';
import { startPendingEscalations } from '../functions/core/escalation/pending.ts';
import type { Alert } from '../functions/core/alerts/types.ts';
import { deliveryId } from '../functions/core/ingest/delivery-id.ts';
import { ingestDelivery } from '../functions/core/ingest/ingest.ts';
import type { IngestDeps, IngestSummary } from '../functions/core/ingest/ingest.ts';
import { decodeDocument, decodeInput, entryPointOf } from '../functions/core/sources/decode-input.ts';
import { createPreparePageHandler, pageDeps } from '../functions/escalation-page/handler.ts';
import { createIngestEventsHandler } from '../functions/ingest-events/handler.ts';
import { createIngestLogsHandler } from '../functions/ingest-logs/handler.ts';
import type { LogsDelivery } from '../functions/ingest-logs/handler.ts';
import { checkLogSilence } from '../functions/log-silence/handler.ts';
import { documentClient } from '../functions/shared/clients.ts';
import { ingestDeps } from '../functions/shared/ingest-deps.ts';
import { bundledAwsRanges } from '../functions/core/sources/aws-ranges-data.ts';
import type { Platform } from '../functions/shared/platform.ts';
import { alertStoreOf, incidentStoreOf } from '../functions/shared/platform.ts';
import { settingsOf } from '../functions/shared/settings-file.ts';
import { sweeperDeps } from '../functions/sweeper/handler.ts';
import type { Incident } from '../functions/core/incidents/types.ts';
import type { WatchkeeperConfig } from '../functions/core/config/schema.ts';
import { startApiServer } from './api-server.ts';
import type { ApiServer, ApiServerOptions } from './api-server.ts';
import { startLocalDynamo } from './dynamodb-local.ts';
import type { LocalDynamo } from './dynamodb-local.ts';
import { localLambdaContext } from './lambda-context.ts';
import { LocalQuarantine } from './local-quarantine.ts';
import { LocalWorkflow } from './local-workflow.ts';
import { subscribeCollaboration } from './local-collaboration.ts';
import { FakeKubernetes } from './fake-kubernetes.ts';
import { LocalRemediation } from './local-remediation.ts';
import { createActHandler } from '../functions/act/handler.ts';
import type { ClusterConnection, RemediationService } from '../functions/core/actions/remediation.ts';
import { remediationDefinition } from '../lib/constructs/remediation-definition.ts';
import { LocalOutbox, localTopicArn } from './outbox.ts';
import type { NamedInput } from './read-inputs.ts';
import { escalationDefinition } from '../lib/constructs/escalation-definition.ts';
import type { ApplyReport } from '../functions/core/alerts/ports.ts';
import type { IncidentReport } from '../functions/core/incidents/ports.ts';
import type { ApiDeps } from '../functions/operations/deps.ts';
import { remediationService } from '../functions/shared/remediation-deps.ts';

/** The stack name the local runtime's settings carry (topics and secrets are named after it). */
const LOCAL_STACK_NAME = 'Watchkeeper-local';

/**
 * Where the local hub "runs": the configured account and region, else the demo's (111122223333,
 * eu-west-1), so the demo's own clusters keep their bare names and the simulated spokes' are qualified.
 */
export const localHome = (config: WatchkeeperConfig): Home => ({
  account: config.account ?? '111122223333',
  region: config.region ?? 'eu-west-1',
});

/** The "Prepare page" function's ARN in the local definition: its task is answered by the real handler. */
export const LOCAL_PREPARE_PAGE_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:watchkeeper-prepare-page';

/** Options of {@link LocalRuntime.start}. */
export interface LocalRuntimeOptions {
  readonly config: WatchkeeperConfig;
  /** Cluster for inputs that carry none. */
  readonly cluster?: string;
  /** The clock of the store and lifecycle. @default Date.now */
  readonly clock?: () => number;
  /** Run the escalation workflow. @default true */
  readonly escalation?: boolean;
  /** Also append every SNS publication to this JSON-lines file. */
  readonly outboxFile?: string;
  /** Base URL of the incident API in links. @default http://127.0.0.1:8080 */
  readonly apiUrl?: string;
  /** Milliseconds Wait states really wait. @default 0 */
  readonly waitMs?: number;
  /** Where the business status page is written, when `statusPage` is enabled. @default a new temporary folder */
  readonly statusPageDir?: string;
  /** The secrets of the configured trackers and webhooks (`<team>/<name>` → JSON), as Secrets Manager would hold them. */
  readonly secrets?: Readonly<Record<string, Record<string, string>>>;
  /** How trackers and webhooks are reached. @default the in-process fake services (nothing leaves the machine) */
  readonly integrationFetch?: typeof globalThis.fetch;
  /** How actions reach a cluster. @default an in-process Kubernetes API (`kubernetes`) and no AWS */
  readonly connect?: (cluster: string) => Promise<ClusterConnection>;
  /** Milliseconds between two looks at a pending approval. @default 1000 */
  readonly approvalPollMs?: number;
}

/**
 * The whole pipeline on one machine: dynalite in-process with the deployed table design, the
 * same handlers and core, local adapters for what has no local implementation.
 */
export class LocalRuntime {
  public readonly quarantine = new LocalQuarantine();
  public readonly store: AlertStore;
  public readonly incidentStore: IncidentStore;
  public readonly doc: DynamoDBDocumentClient;
  public readonly deps: IngestDeps;
  /** Every alert generation the pipeline touched, in its latest known state. */
  public readonly alerts = new Map<string, Alert>();
  /** Every incident the pipeline touched, in its latest known state. */
  public readonly incidents = new Map<string, Incident>();
  public readonly outbox: LocalOutbox;
  public readonly silences: SilenceStore;
  public readonly changes: ChangeStore;
  /** The escalation workflow runner, when escalation is on. */
  public readonly workflow?: LocalWorkflow;
  /** The HMAC key of acknowledgement links (random per run). */
  public readonly ackKey = randomBytes(32).toString('base64url');
  public apiUrl: string;
  private readonly ingestLogs: ReturnType<typeof createIngestLogsHandler>;
  private readonly ingestEvents: ReturnType<typeof createIngestEventsHandler>;
  /** The Alertmanager webhook handler (served on POST /alertmanager locally). */
  public readonly alertmanager: ReturnType<typeof createAlertmanagerHandler>;
  /** Newest control-plane log event seen per cluster: what CloudWatch Logs would report locally. */
  public readonly lastLogEvent = new Map<string, number>();

  private live = false;

  /** The cluster actions reach locally: an in-process Kubernetes API (empty until a test or demo fills it). */
  public readonly kubernetes = new FakeKubernetes();
  /** The remediation workflow, run locally from its definition. */
  public readonly remediation: LocalRemediation;
  /** Remediation over the local store and cluster (what the API and the act function run). */
  public readonly remediationService: RemediationService;

  /** The collaboration function on the team topics, when chat channels or trackers are configured. */
  public readonly collaboration?: ReturnType<typeof subscribeCollaboration>;

  /** What the functions' dependencies are built from here: dynalite's table, the configuration's settings, the clock. */
  public readonly platform: Platform;
  /** The business status page, when enabled: rewritten on every business-topic message, as in AWS. */
  public readonly statusPage?: {
    readonly dir: string;
    /** Run the status page function as its schedule does (or with an SNS event, as the topic does). */
    refresh(event?: Partial<SNSEvent>): Promise<unknown>;
  };

  private constructor(
    public readonly dynamo: LocalDynamo,
    private readonly options: LocalRuntimeOptions,
    definition?: Record<string, unknown>,
  ) {
    this.doc = documentClient(dynamo.client);
    this.platform = {
      doc: this.doc,
      tableName: dynamo.tableName,
      settings: settingsOf(options.config, LOCAL_STACK_NAME, 'local'),
      clock: options.clock ?? Date.now,
    };
    const { settings } = this.platform;
    this.store = alertStoreOf(this.platform);
    this.incidentStore = incidentStoreOf(this.platform);
    this.silences = new SilenceStore(this.doc, dynamo.tableName);
    this.changes = new ChangeStore(this.doc, dynamo.tableName);
    this.outbox = new LocalOutbox(options.outboxFile);
    if (options.config.statusPage.enabled) this.statusPage = this.subscribeStatusPage(options);
    const { chat, trackers } = options.config.collaboration;
    if (Object.keys(chat).length + Object.keys(trackers).length > 0)
      this.collaboration = subscribeCollaboration(this.outbox, this.platform, {
        secrets: options.secrets ?? {},
        fetch: options.integrationFetch,
        consoleUrl: () => options.config.consoleUrl ?? this.apiUrl,
        markerKey: async () => this.ackKey,
      });
    this.apiUrl = options.apiUrl ?? 'http://127.0.0.1:8080';
    if (definition) {
      const topics = Object.fromEntries(
        [...settings.escalation.teams, BUSINESS_TOPIC].map((t) => [t, localTopicArn(t)]),
      );
      // Built per invocation: links carry the address the server got (known only once it listens).
      const preparePage = createPreparePageHandler(() =>
        pageDeps(this.platform, {
          topics,
          ackKey: async () => this.ackKey,
          apiUrl: this.apiUrl,
          consoleUrl: options.config.consoleUrl,
        }),
      );
      this.workflow = new LocalWorkflow(definition, dynamo.client, preparePage, this.outbox, {
        waitMs: options.waitMs,
      });
    }
    const connect =
      options.connect ??
      (async (): Promise<ClusterConnection> => ({
        reader: { get: async (path) => this.kubernetes.handle({ method: 'GET', path, headers: {} }) },
        transport: {
          kube: async (r) =>
            this.kubernetes.handle({
              method: r.method,
              path: r.path,
              headers: { 'content-type': r.contentType },
              body: r.body,
            }),
          aws: async (r) => ({ local: `${r.api} ${r.command} answered locally` }),
        },
      }));
    // The remediation workflow as synthesized, its function over the same store (one code path).
    const act = createActHandler(() => remediationService(this.platform, { connect, launcher: this.remediation }));
    this.remediation = new LocalRemediation(
      remediationDefinition(
        'arn:aws:lambda:us-east-1:000000000000:function:watchkeeper-act',
        settings.config.remediation.approvalPollSeconds,
      ),
      act,
      options.approvalPollMs ?? 1000,
    );
    this.remediationService = remediationService(this.platform, { connect, launcher: this.remediation });
    const deps = ingestDeps(this.platform, {
      // One ingestion for every entry point here, audit and CloudTrail among them.
      awsRanges: bundledAwsRanges,
      home: localHome(options.config),
      quarantine: this.quarantine,
      notifier: this.outbox,
      escalation: this.workflow,
      remediation: this.remediation,
    });
    // The same ingestion, remembering what it touched for `replay` and `npm start` to print.
    this.deps = {
      ...deps,
      alerts: {
        applyAggregates: (aggregates, homes, read) =>
          this.trackAlerts(deps.alerts.applyAggregates(aggregates, homes, read)),
        changeAlert: async (id, decide) => {
          const result = await deps.alerts.changeAlert(id, decide);
          this.alerts.set(result.next.id, result.next);
          return result;
        },
      },
      incidents: {
        latest: (groups) => deps.incidents.latest(groups),
        findMany: (ids) => deps.incidents.findMany(ids),
        applyAlertChanges: (work, known) => this.trackIncidents(deps.incidents.applyAlertChanges(work, known)),
        openInCluster: (cluster, since) => deps.incidents.openInCluster(cluster, since),
        change: async (id, decide) => {
          const change = await deps.incidents.change(id, decide);
          this.incidents.set(change.next.id, change.next);
          return change;
        },
      },
    };
    this.ingestLogs = createIngestLogsHandler(() => this.deps);
    this.ingestEvents = createIngestEventsHandler(() => this.deps);
    this.alertmanager = createAlertmanagerHandler(
      () => this.deps,
      () => settings,
    );
  }

  private async trackAlerts(applied: Promise<ApplyReport>): Promise<ApplyReport> {
    const report = await applied;
    for (const result of report.results) {
      if (result.archive) this.alerts.set(result.archive.id, result.archive);
      if (result.next) this.alerts.set(result.next.id, result.next);
    }
    return report;
  }

  private async trackIncidents(applied: Promise<IncidentReport>): Promise<IncidentReport> {
    const report = await applied;
    for (const change of report.results) this.incidents.set(change.next.id, change.next);
    return report;
  }

  /** The incidents as they are now in the store (merges, acknowledgements and pages included). */
  public async currentIncidents(): Promise<Incident[]> {
    const out: Incident[] = [];
    for (const id of this.incidents.keys()) {
      const incident = await this.incidentStore.find(id);
      if (incident) out.push(incident);
    }
    return out;
  }

  /** Start dynalite and wire the pipeline. */
  public static async start(options: LocalRuntimeOptions): Promise<LocalRuntime> {
    const dynamo = await startLocalDynamo();
    // The definition the construct synthesizes (test/infra/workflow-definitions.test.ts holds them equal).
    const definition =
      options.escalation === false ? undefined : escalationDefinition(dynamo.tableName, LOCAL_PREPARE_PAGE_ARN);
    return new LocalRuntime(dynamo, options, definition);
  }

  /** The API's dependencies over the local adapters. */
  public apiDeps(): ApiDeps {
    return apiDeps(this.platform, {
      notifier: this.outbox,
      runbookDir: join(import.meta.dirname, '..', 'rules', 'runbooks'),
      // The console is served at the API's address locally.
      consoleUrl: this.options.config.consoleUrl ?? this.apiUrl,
      ackKey: async () => this.ackKey,
      escalation: this.workflow,
      remediation: this.remediationService,
    });
  }

  /** The API's operations without HTTP (what the handler runs). */
  public api(): Api {
    return apiOf(this.apiDeps());
  }

  /** The API Lambda handler over the local adapters (served by `startApiServer`). */
  public apiHandler(): ReturnType<typeof createApiHandler> {
    // Built at the first request: by then the server knows its address, where the console is served.
    return createApiHandler(() => this.apiDeps());
  }

  /** The sweeper's dependencies here (what `settle` and the tests run it with). */
  public sweeperDeps() {
    return sweeperDeps(this.platform, { notifier: this.outbox, escalation: this.workflow });
  }

  /**
   * Serve the API and the webhook over HTTP as API Gateway would (the link authorizer with this
   * run's key and clock), and put the server's address into the links of later pages.
   */
  public async serve(options: Omit<ApiServerOptions, 'alertmanager' | 'ackKey' | 'clock'> = {}): Promise<ApiServer> {
    const server = await startApiServer(this.apiHandler(), {
      alertmanager: this.alertmanager,
      ackKey: this.ackKey,
      clock: this.options.clock,
      statusPageDir: this.statusPage?.dir,
      ...options,
    });
    this.apiUrl = server.url;
    return server;
  }

  /** Run the log-silence check over the configured clusters, as the scheduled function does. */
  public async checkLogSilence(now = (this.options.clock ?? Date.now)()): Promise<{ silent: string[] }> {
    return checkLogSilence(
      this.platform.settings.silenceWatches,
      async (cluster) => this.lastLogEvent.get(cluster),
      this.deps,
      now,
    );
  }

  private trackLogActivity(document: unknown): void {
    const home = localHome(this.options.config);
    for (const event of decodeDocument(document, { file: 'track' }, { file: 'track' }).events) {
      const cluster = clusterIdOf(event.cluster, event.origin, home);
      if (event.timestamp > (this.lastLogEvent.get(cluster) ?? 0)) this.lastLogEvent.set(cluster, event.timestamp);
    }
  }

  /**
   * Start the escalations an alert storm left waiting (what the sweeper does every minute in AWS),
   * then wait for every running escalation.
   */
  public async settle(): Promise<void> {
    const escalation = this.deps.escalation;
    if (escalation) while ((await startPendingEscalations(this.incidentStore, escalation)) > 0);
    await this.workflow?.drain();
    await this.remediation.settle();
  }

  /**
   * Deliver one input as AWS would, through the function that would receive it there (see
   * `entryPointOf`): subscription and Kinesis payloads through ingest-logs, EventBridge events through
   * ingest-events, webhook payloads through the Alertmanager function; files (audit events, raw
   * lines) through the same ingestion core.
   */
  public async deliver(input: NamedInput): Promise<IngestSummary> {
    const summary = await this.ingest(input);
    // Actions that run at once (auto) have run when a delivery returns: what follows sees their writes.
    await this.remediation.settle();
    return summary;
  }

  private async ingest(input: NamedInput): Promise<IngestSummary> {
    const document = tryParse(input.text);
    const context = (name: string) => localLambdaContext(name, `local-${input.file}`);
    switch (entryPointOf(document)) {
      case 'ingest-logs':
        this.trackLogActivity(document);
        return this.ingestLogs(document as LogsDelivery, context('watchkeeper-ingest-logs'));
      case 'ingest-events':
        return this.ingestEvents(document as never, context('watchkeeper-ingest-events'));
      case 'alertmanager': {
        const event = {
          httpMethod: 'POST',
          path: '/alertmanager',
          headers: { 'content-type': 'application/json' },
          body: input.text,
        };
        const response = await this.alertmanager(
          event as unknown as APIGatewayProxyEvent,
          context('watchkeeper-alertmanager'),
        );
        if (response.statusCode !== 200)
          throw new Error(`alertmanager webhook refused ${input.file}: ${response.body}`);
        const { alerts: _alerts, ...summary } = JSON.parse(response.body) as IngestSummary & { alerts: number };
        return summary;
      }
      default: {
        const decoded = decodeInput(input.text, { file: input.file, cluster: this.options.cluster });
        return ingestDelivery(decoded, deliveryId(`${input.file}\0${input.text}`), this.deps);
      }
    }
  }

  /**
   * The status page function, subscribed to the business topic as in AWS: each message reaches it as
   * SNS delivers to Lambda (the `lambda` body). A failure is reported and leaves ingestion alone, as
   * an SNS retry would in AWS.
   */
  private subscribeStatusPage(options: LocalRuntimeOptions): NonNullable<LocalRuntime['statusPage']> {
    const page = new LocalStatusPage(options.statusPageDir ?? mkdtempSync(join(tmpdir(), 'watchkeeper-status-')));
    const handler = createStatusPageHandler(() => statusPageDeps(this.platform, page));
    const refresh = (event?: Partial<SNSEvent>) => handler(event, localLambdaContext('watchkeeper-status-page'));
    this.outbox.listeners.push(async (entry) => {
      if (entry.team !== BUSINESS_TOPIC) return;
      const bodies = JSON.parse(String(entry.publish.Message)) as { lambda?: string };
      const record = { Sns: { Message: bodies.lambda ?? '', Timestamp: entry.at, TopicArn: entry.publish.TopicArn } };
      await refresh({ Records: [record] } as Partial<SNSEvent>).catch((error: Error) =>
        process.stderr.write(`watchkeeper status page: ${error.message}\n`),
      );
    });
    return { dir: page.dir, refresh };
  }

  /**
   * Run as the deployed system does from now on (`npm start` serving after its replay): escalations wait
   * their real group waits, business hours and acknowledgement timeouts, and page when their time comes.
   */
  public goLive(): void {
    this.live = true;
    this.workflow?.goLive();
  }

  /**
   * Stop. Replaying, every escalation runs to its end first (as AWS would go on); live, the ones still
   * waiting are dropped: a shutdown pages nobody.
   */
  public async close(): Promise<void> {
    if (this.live) this.workflow?.stop();
    else await this.settle();
    this.remediation.close();
    await this.dynamo.close();
  }
}

function tryParse(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed[0] !== '{') return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}
