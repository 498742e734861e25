import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { IncidentStore } from '../functions/adapters/incident-store.ts';
import { deliveryId } from '../functions/core/ingest/delivery-id.ts';
import type { IngestDeps, IngestSummary } from '../functions/core/ingest/ingest.ts';
import { ingestDelivery } from '../functions/core/ingest/ingest.ts';
import type { EscalationStarter } from '../functions/core/ingest/ports.ts';
import { DEFAULT_INCIDENT_POLICY } from '../functions/core/incidents/policy.ts';
import type { IncidentPolicy } from '../functions/core/incidents/policy.ts';
import type { Incident } from '../functions/core/incidents/types.ts';
import { loadRules } from '../functions/core/rules/catalogue.ts';
import { Classifier } from '../functions/core/rules/classifier.ts';
import { decodeInput } from '../functions/core/sources/decode-input.ts';
import { createIngestLogsHandler } from '../functions/ingest-logs/handler.ts';
import type { LogsDelivery } from '../functions/ingest-logs/handler.ts';
import { documentClient } from '../functions/shared/clients.ts';
import type { WatchkeeperConfig } from '../lib/config-schema.ts';
import type { LocalDynamo } from './dynamodb-local.ts';
import { startLocalDynamo } from './dynamodb-local.ts';
import { LocalQuarantine } from './local-quarantine.ts';
import type { NamedInput } from './read-inputs.ts';

/** Options of {@link startLocalRuntime}. */
export interface LocalRuntimeOptions {
  readonly config: WatchkeeperConfig;
  /** Cluster for inputs that carry none. */
  readonly cluster?: string;
  /** The clock of the store and lifecycle. @default Date.now */
  readonly clock?: () => number;
  readonly escalation?: EscalationStarter;
}

/**
 * The whole pipeline on one machine: dynalite in-process with the deployed table design, the
 * same handlers and core, local adapters for what has no local implementation.
 */
export class LocalRuntime {
  public readonly quarantine = new LocalQuarantine();
  public readonly store: IncidentStore;
  public readonly doc: DynamoDBDocumentClient;
  public readonly deps: IngestDeps;
  public readonly policy: IncidentPolicy;
  /** Every incident generation the pipeline touched, in its latest known state. */
  public readonly incidents = new Map<string, Incident>();
  private readonly ingestLogs: ReturnType<typeof createIngestLogsHandler>;

  private constructor(public readonly dynamo: LocalDynamo, private readonly options: LocalRuntimeOptions) {
    this.policy = DEFAULT_INCIDENT_POLICY;
    this.doc = documentClient(dynamo.client);
    this.store = new IncidentStore(this.doc, dynamo.tableName, this.policy, options.clock);
    this.deps = {
      classifier: new Classifier(loadRules(options.config.rules)),
      incidents: {
        applyAggregates: async (aggregates) => {
          const report = await this.store.applyAggregates(aggregates);
          for (const result of report.results) {
            if (result.archive) this.incidents.set(result.archive.id, result.archive);
            this.incidents.set(result.next.id, result.next);
          }
          return report;
        },
      },
      quarantine: this.quarantine,
      escalation: options.escalation,
      policy: this.policy,
    };
    this.ingestLogs = createIngestLogsHandler(() => this.deps);
  }

  /** Start dynalite and wire the pipeline. */
  public static async start(options: LocalRuntimeOptions): Promise<LocalRuntime> {
    return new LocalRuntime(await startLocalDynamo(), options);
  }

  /**
   * Deliver one input as AWS would: subscription and Kinesis payloads go through the real
   * ingest-logs Lambda handler; other formats (files of audit events, raw lines) through the same
   * ingestion core.
   */
  public async deliver(input: NamedInput): Promise<IngestSummary> {
    const document = tryParse(input.text);
    if (document && typeof document === 'object' && ('awslogs' in document || 'Records' in document)) {
      return this.ingestLogs(document as LogsDelivery, lambdaContext(input.file));
    }
    const decoded = decodeInput(input.text, { file: input.file, cluster: this.options.cluster });
    return ingestDelivery(decoded, deliveryId(`${input.file}\0${input.text}`), this.deps);
  }

  public async close(): Promise<void> {
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

function lambdaContext(name: string) {
  return {
    functionName: 'watchkeeper-ingest-logs', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:watchkeeper-ingest-logs',
    memoryLimitInMB: '512', awsRequestId: `local-${name}`, logGroupName: 'local', logStreamName: 'local', callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 60_000, done: () => undefined, fail: () => undefined, succeed: () => undefined,
  };
}
