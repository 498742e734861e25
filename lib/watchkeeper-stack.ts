import { Duration, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { WatchkeeperConfig } from './config-schema.ts';
import { escalationOf } from './config-schema.ts';
import { EscalationWorkflow } from './constructs/escalation-workflow.ts';
import { IncidentApiGateway } from './constructs/incident-api.ts';
import { ROUTES } from '../functions/api/routes.ts';
import { TeamTopics } from './constructs/team-topics.ts';
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

    const escalation = escalationOf(config);
    const topics = new TeamTopics(this, 'Topics', {
      teams: Object.fromEntries(escalation.teams.map((team) => [team, config.contacts[team] ?? []])),
      businessContacts: config.businessContacts,
      key,
    });
    const ackKey = new Secret(this, 'AckLinkKey', {
      description: 'Watchkeeper: HMAC key of the acknowledgement links in pages',
      encryptionKey: key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });

    const shared = {
      TABLE_NAME: incidents.table.tableName,
      INCIDENT_POLICY: JSON.stringify(config.incidents),
      ESCALATION_CONFIG: JSON.stringify(escalation),
      TOPIC_ARNS: Stack.of(this).toJsonString(topics.arns()),
    };

    const apiFunction = new WatchkeeperFunction(this, 'Api', {
      entryFolder: 'api',
      withRunbooks: true,
      environment: { ...shared, ACK_SECRET_ARN: ackKey.secretArn, RULE_OVERRIDES: JSON.stringify(config.rules) },
    });
    incidents.grant(apiFunction, TABLE_ACTIONS.api);
    topics.grantPublish(apiFunction, key);
    const ackAuthorizer = new WatchkeeperFunction(this, 'AckLinkAuthorizer', {
      entryFolder: 'ack-authorizer',
      environment: { ACK_SECRET_ARN: ackKey.secretArn },
    });
    for (const fn of [apiFunction, ackAuthorizer]) {
      fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['secretsmanager:GetSecretValue'], resources: [ackKey.secretArn] }));
      fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['kms:Decrypt'], resources: [key.keyArn] }));
    }
    const api = new IncidentApiGateway(this, 'IncidentApi', { routes: ROUTES, handler: apiFunction, ackAuthorizer });

    const preparePage = new WatchkeeperFunction(this, 'PreparePage', {
      entryFolder: 'escalation-page',
      environment: { ...shared, ACK_SECRET_ARN: ackKey.secretArn, API_URL: config.apiUrl ?? api.url },
    });
    incidents.grant(preparePage, TABLE_ACTIONS.read);
    preparePage.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['secretsmanager:GetSecretValue'], resources: [ackKey.secretArn] }));
    preparePage.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['kms:Decrypt'], resources: [key.keyArn] }));
    const workflow = new EscalationWorkflow(this, 'Escalation', { table: incidents.table, key, topics, preparePage });

    // Asynchronously invoked by CloudWatch Logs: retried twice, then kept in the dead-letter queue.
    const ingestLogs = new WatchkeeperFunction(this, 'IngestLogs', {
      entryFolder: 'ingest-logs',
      environment: { ...shared, RULE_OVERRIDES: JSON.stringify(config.rules), QUARANTINE_BUCKET: quarantine.bucket.bucketName, STATE_MACHINE_ARN: workflow.stateMachine.stateMachineArn },
      extra: { retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new DeadLetterDestination(deadLetters, key) },
    });
    incidents.grant(ingestLogs, TABLE_ACTIONS.ingest);
    quarantine.grantWrite(ingestLogs);
    workflow.stateMachine.grantStartExecution(ingestLogs);
    topics.grantPublish(ingestLogs, key);
    new LogSubscriptions(this, 'Subscriptions', { clusters: config.clusters.map((c) => c.name), destination: ingestLogs });

    const sweeper = new WatchkeeperFunction(this, 'Sweeper', {
      entryFolder: 'sweeper',
      environment: shared,
      extra: { retryAttempts: 0, maxEventAge: Duration.minutes(5), onFailure: new DeadLetterDestination(deadLetters, key) },
    });
    incidents.grant(sweeper, TABLE_ACTIONS.sweep);
    topics.grantPublish(sweeper, key);
    new Rule(this, 'SweepSchedule', {
      description: 'Resolve incidents whose quiet period ended',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(sweeper, { retryAttempts: 2, maxEventAge: Duration.minutes(5) })],
    });
  }

}
