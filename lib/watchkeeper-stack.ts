import { Duration, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { WatchkeeperConfig } from './config-schema.ts';
import { DeadLetterDestination } from './constructs/dead-letter-destination.ts';
import { EncryptionKey } from './constructs/encryption-key.ts';
import { IncidentTable, TABLE_ACTIONS } from './constructs/incident-table.ts';
import { LogSubscriptions } from './constructs/log-subscriptions.ts';
import { QuarantineBucket } from './constructs/quarantine-bucket.ts';
import { WatchkeeperFunction } from './constructs/watchkeeper-function.ts';

/** Properties of {@link WatchkeeperStack}. */
export interface WatchkeeperStackProps extends StackProps {
  /** Validated configuration. */
  readonly config: WatchkeeperConfig;
}

/** Composition only: which constructs, wired how. */
export class WatchkeeperStack extends Stack {
  public constructor(scope: Construct, id: string, props: WatchkeeperStackProps) {
    super(scope, id, props);
    const { config } = props;
    // Stateful resources: construct ids never change.
    const { key } = new EncryptionKey(this, 'EncryptionKey');
    const incidents = new IncidentTable(this, 'Incidents', { key });
    const quarantine = new QuarantineBucket(this, 'Quarantine', { key, expirationDays: config.quarantineDays });
    const deadLetters = new Queue(this, 'IngestDeadLetters', {
      encryption: QueueEncryption.KMS, encryptionMasterKey: key, enforceSSL: true, retentionPeriod: Duration.days(14),
    });

    const shared = {
      TABLE_NAME: incidents.table.tableName,
      INCIDENT_POLICY: JSON.stringify(config.incidents),
    };
    // Asynchronously invoked by CloudWatch Logs: retried twice, then kept in the dead-letter queue.
    const ingestLogs = new WatchkeeperFunction(this, 'IngestLogs', {
      entryFolder: 'ingest-logs',
      environment: { ...shared, RULE_OVERRIDES: JSON.stringify(config.rules), QUARANTINE_BUCKET: quarantine.bucket.bucketName },
      extra: { retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new DeadLetterDestination(deadLetters, key) },
    });
    incidents.grant(ingestLogs, TABLE_ACTIONS.ingest);
    quarantine.grantWrite(ingestLogs);
    new LogSubscriptions(this, 'Subscriptions', { clusters: config.clusters.map((c) => c.name), destination: ingestLogs });

    const sweeper = new WatchkeeperFunction(this, 'Sweeper', {
      entryFolder: 'sweeper',
      environment: shared,
      extra: { retryAttempts: 0, maxEventAge: Duration.minutes(5), onFailure: new DeadLetterDestination(deadLetters, key) },
    });
    incidents.grant(sweeper, TABLE_ACTIONS.sweep);
    new Rule(this, 'SweepSchedule', {
      description: 'Resolve incidents whose quiet period ended',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(sweeper, { retryAttempts: 2, maxEventAge: Duration.minutes(5) })],
    });
  }
}
