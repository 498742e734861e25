import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import { ArnFormat, Aspects, Aws, CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { StackProps } from 'aws-cdk-lib';
import { Queue, QueueEncryption, RedrivePermission } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ExplicitActions } from './aspects/explicit-actions.ts';
import type { WatchkeeperConfig } from '../functions/core/config/schema.ts';
import { escalationOf } from '../functions/core/config/schema.ts';
import { EscalationWorkflow, escalationArn } from './constructs/escalation-workflow.ts';
import { IncidentApiGateway } from './constructs/incident-api.ts';
import { ConsoleHosting } from './constructs/console-hosting.ts';
import { ConsoleUsers } from './constructs/console-users.ts';
import { statusPageFunction } from './constructs/status-page.ts';
import { BUSINESS_TOPIC } from '../functions/core/escalation/announce.ts';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { ROUTE_TABLE } from '../functions/api/route-table.ts';
import { loadValidatedRules } from '../functions/core/rules/validate-rules.ts';
import { ControlPlaneLogging } from './constructs/control-plane-logging.ts';
import { SourceRules } from './constructs/source-rules.ts';
import { HubIntake } from './constructs/hub-intake.ts';
import { SpokeStackSet } from './constructs/spoke-stack-set.ts';
import { hubNames, homeOf, isHomeCluster, spokesOf } from '../functions/core/config/fleet.ts';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PipelineMonitoring } from './constructs/pipeline-monitoring.ts';
import type { StageSettings } from './stages.ts';
import { STAGES } from './stages.ts';
import { TeamTopics } from './constructs/team-topics.ts';
import { DeadLetterDestination } from './constructs/dead-letter-destination.ts';
import { EncryptionKey } from './constructs/encryption-key.ts';
import { FunctionsNetwork } from './constructs/network.ts';
import { PermissionAccount } from './aspects/permission-account.ts';
import { nagAccount, nagPartition, nagRegion } from './nag-ids.ts';
import { IncidentTable, TABLE_ACTIONS } from './constructs/incident-table.ts';
import { LogStream } from './constructs/log-stream.ts';
import { LogSubscriptions } from './constructs/log-subscriptions.ts';
import { QuarantineBucket } from './constructs/quarantine-bucket.ts';
import { WatchkeeperFunction } from './constructs/watchkeeper-function.ts';
import { acknowledgeBucketCleanup } from './constructs/house-bucket.ts';
import { Remediation } from './constructs/remediation.ts';
import type { FunctionEnvironment, WatchkeeperFunctionProps } from './constructs/watchkeeper-function.ts';
import { settingsFileOf } from '../functions/shared/settings-file.ts';
import { reservedConcurrency } from './concurrency.ts';
import { Collaboration } from './constructs/collaboration.ts';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { bindSecret, generatedSecret } from './constructs/secrets.ts';
import { logSilenceCheck } from './constructs/log-silence-check.ts';
import { scheduledFunction } from './constructs/scheduled-function.ts';

/** Properties of {@link WatchkeeperStack}. */
export interface WatchkeeperStackProps extends StackProps {
  /** Validated configuration. */
  readonly config: WatchkeeperConfig;
  /** dev or prod. @default prod */
  readonly stage?: StageSettings;
}

/** Composition only: which constructs, wired how. */
export class WatchkeeperStack extends Stack {
  public constructor(scope: Construct, id: string, props: WatchkeeperStackProps) {
    super(scope, id, props);
    const { config } = props;
    const stage = props.stage ?? STAGES.prod;
    // Fail the synth, not the first invocation, on a rule override that names no rule.
    const rules = loadValidatedRules(config.rules);
    // Clusters of other accounts and regions are a spoke's to subscribe and onboard (spokesOf).
    const homeClusters = config.clusters.filter((c) => isHomeCluster(c, homeOf(config)));
    // Stateful resources: construct ids never change.
    const { key } = new EncryptionKey(this, 'EncryptionKey');
    const logs = { key, retention: stage.logRetention };
    const network = config.network ? new FunctionsNetwork(this, 'Network', config.network).network : undefined;
    // The configuration as every function reads it, bundled beside each handler (no 4 KB limit there).
    const settings = settingsFileOf(config, this.stackName, stage.name);
    const runtime = { logs, network, sourceMaps: stage.sourceMaps, settings };
    const reserved = reservedConcurrency(config, stage);
    Aspects.of(this).add(new PermissionAccount(config.account));
    Aspects.of(this).add(new ExplicitActions());
    const incidents = new IncidentTable(this, 'Incidents', { key, removalPolicy: stage.removalPolicy });
    const quarantine = new QuarantineBucket(this, 'Quarantine', {
      key,
      expirationDays: config.quarantineDays,
      removalPolicy: stage.removalPolicy,
      objectLock: stage.objectLock,
    });
    const deadLetters = new Queue(this, 'IngestDeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // It is a dead-letter queue (CT.SQS.PR.1): failed Lambda and EventBridge deliveries land here.
      redriveAllowPolicy: { redrivePermission: RedrivePermission.ALLOW_ALL },
    });
    Validations.of(deadLetters).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-SQS3',
        reason:
          "This queue is the dead-letter queue (of the functions' on-failure destinations and the EventBridge targets).",
      },
      {
        id: 'Serverless::Serverless-SQSRedrivePolicy',
        reason: 'This queue is the dead-letter queue; nothing consumes it automatically.',
      },
    );

    const escalation = escalationOf(config);
    const topics = new TeamTopics(this, 'Topics', {
      teams: Object.fromEntries(escalation.teams.map((team) => [team, config.contacts[team] ?? []])),
      businessContacts: config.businessContacts,
      alarmContacts: config.alarmContacts ?? config.contacts[escalation.firstLineTeam] ?? [],
      key,
      deadLetters,
    });
    const ackKey = generatedSecret(this, 'AckLinkKey', {
      key,
      length: 64,
      description: 'Watchkeeper: HMAC key of the acknowledgement links in pages',
      manualRotation:
        'Rotating the link key invalidates every acknowledgement link in flight; rotate it by hand between incidents (README, deploy guide).',
    });

    const shared: FunctionEnvironment = { tableName: incidents.table.tableName, topicArnPrefix: topics.arnPrefix };

    const remediation = new Remediation(this, 'Remediation', {
      ...runtime,
      config: config.remediation,
      rules,
      policyActions: config.grouping.policies.flatMap((p) => p.actions),
      clusters: homeClusters.map((c) => c.name),
      incidents,
      key,
      environment: shared,
    });
    const apiFunction = new WatchkeeperFunction(this, 'Api', {
      ...runtime,
      entryFolder: 'api',
      withRunbooks: true,
      environment: {
        ...shared,
        ...remediation.environment,
        ...remediation.rolesEnvironment,
        stateMachineArn: escalationArn(this),
      },
    });
    incidents.grant(apiFunction, TABLE_ACTIONS.api);
    // Approvals start runs; dry runs read the clusters (as the reader role only).
    remediation.grantStart(apiFunction);
    remediation.grantConnect(apiFunction, ['reader']);
    topics.grantPublish(apiFunction, key);
    // Merges and splits may make an incident page: the API starts its escalation (by name: no cycle).
    apiFunction.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['states:StartExecution'],
        resources: [escalationArn(this)],
      }),
    );
    const ackAuthorizer = new WatchkeeperFunction(this, 'AckLinkAuthorizer', {
      ...runtime,
      entryFolder: 'ack-authorizer',
    });
    for (const fn of [apiFunction, ackAuthorizer]) bindSecret(fn, ackKey, key, 'ackSecretArn');
    const alertmanagerToken = generatedSecret(this, 'AlertmanagerToken', {
      key,
      length: 48,
      description: 'Watchkeeper: bearer token Alertmanager sends to POST /alertmanager',
      manualRotation:
        'Alertmanager reads the token from its own configuration: automatic rotation would break the webhook until it is redeployed. Rotate it together with the Alertmanager configuration.',
    });
    const alertmanagerAuthorizer = new WatchkeeperFunction(this, 'AlertmanagerAuthorizer', {
      ...runtime,
      entryFolder: 'alertmanager-authorizer',
    });
    bindSecret(alertmanagerAuthorizer, alertmanagerToken, key, 'alertmanagerSecretArn');
    const alertmanager = new WatchkeeperFunction(this, 'Alertmanager', {
      ...runtime,
      entryFolder: 'alertmanager',
    });
    const consoleUsers = config.console.hosted
      ? new ConsoleUsers(this, 'ConsoleUsers', {
          domainPrefix: config.console.signInDomainPrefix ?? `watchkeeper-${stage.name}-${Aws.ACCOUNT_ID}`,
          removalPolicy: stage.removalPolicy,
        })
      : undefined;
    const api = new IncidentApiGateway(this, 'IncidentApi', {
      consoleUsers: consoleUsers?.userPool,
      routes: ROUTE_TABLE,
      logs,
      handler: apiFunction,
      ackAuthorizer,
      alertmanager: { handler: alertmanager, authorizer: alertmanagerAuthorizer },
      throttle: stage.throttle,
    });

    const hosted = consoleUsers && this.hostConsole(config, consoleUsers, api, quarantine, key, stage);
    const consoleUrl = config.consoleUrl ?? hosted?.url;
    if (consoleUrl) apiFunction.setEnvironment({ consoleUrl });

    const preparePage = new WatchkeeperFunction(this, 'PreparePage', {
      ...runtime,
      entryFolder: 'escalation-page',
      environment: { ...shared, apiUrl: config.apiUrl ?? api.url, consoleUrl },
    });
    incidents.grant(preparePage, TABLE_ACTIONS.read);
    bindSecret(preparePage, ackKey, key, 'ackSecretArn');
    const workflow = new EscalationWorkflow(this, 'Escalation', {
      table: incidents.table,
      key,
      topics,
      preparePage,
      logs,
    });

    const ingestEnvironment: FunctionEnvironment = {
      ...shared,
      // Clusters of this account and region keep their bare names; others are <account>/<region>/<name>.
      homeAccount: this.account,
      quarantineBucket: quarantine.bucket.bucketName,
      stateMachineArn: workflow.stateMachine.stateMachineArn,
      ...remediation.environment,
    };
    /** What every ingesting function may do: write incidents and quarantine, start escalations, announce. */
    const grantIngest = (fn: WatchkeeperFunction): void => {
      incidents.grant(fn, TABLE_ACTIONS.ingest);
      quarantine.grantWrite(fn);
      workflow.stateMachine.grantStartExecution(fn);
      topics.grantPublish(fn, key);
      // Alerts of rules with actions propose them; auto ones start at once.
      remediation.grantStart(fn);
    };
    // Audit records, CloudTrail and GuardDuty carry callers' addresses: these functions get AWS's ranges.
    const ingesting = (
      id: string,
      entryFolder: string,
      extra: ConstructorParameters<typeof WatchkeeperFunction>[2]['extra'],
    ) => {
      const fn = new WatchkeeperFunction(this, id, {
        ...runtime,
        entryFolder,
        withAwsRanges: true,
        environment: ingestEnvironment,
        extra: { reservedConcurrentExecutions: reserved.ingest, ...extra },
      });
      grantIngest(fn);
      return fn;
    };
    // Asynchronously invoked by CloudWatch Logs: retried twice, then kept in the dead-letter queue.
    const ingestLogs = ingesting('IngestLogs', 'ingest-logs', {
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new DeadLetterDestination(deadLetters, key),
    });
    // Busy clusters: through a Kinesis stream the function reads with partial batch responses.
    const logStream =
      config.ingest === 'stream'
        ? new LogStream(this, 'LogStream', {
            key,
            reader: ingestLogs,
            deadLetters,
            settings: config.stream,
            // Spokes' destinations in other regions name the stream.
            streamName: config.organization ? hubNames(stage.name).stream : undefined,
          })
        : undefined;
    const onboarding = new ControlPlaneLogging(this, 'ControlPlaneLogging', { clusters: homeClusters, logs, network });
    new LogSubscriptions(this, 'Subscriptions', {
      clusters: homeClusters.map((c) => c.name),
      destination: logStream?.destination ?? new LambdaDestination(ingestLogs),
      onboarding,
    });
    // EventBridge retries and dead-letters on its side; the function's own async retries stay off to avoid doubling.
    const ingestEvents = ingesting('IngestEvents', 'ingest-events', {
      retryAttempts: 0,
      maxEventAge: Duration.hours(2),
      onFailure: new DeadLetterDestination(deadLetters, key),
    });
    ingestEvents.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['cloudwatch:ListTagsForResource'],
        resources: [
          Stack.of(this).formatArn({
            service: 'cloudwatch',
            resource: 'alarm',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    Validations.of(ingestEvents.executionRole).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:${nagPartition(this)}:cloudwatch:${nagRegion(this)}:${nagAccount(this)}:alarm:*]`,
      reason:
        'Tags of whichever alarm changed state (the convention for severity and owner); read-only, alarms of this account and region only.',
    });
    const eventsTarget = new LambdaFunction(ingestEvents, {
      retryAttempts: 4,
      maxEventAge: Duration.hours(2),
      deadLetterQueue: deadLetters,
    });
    new SourceRules(this, 'SourceRules', { target: eventsTarget });
    if (config.organization && logStream) {
      new HubIntake(this, 'Hub', {
        organizationId: config.organization.id,
        stage: stage.name,
        stream: logStream.stream,
        key,
        eventsTarget,
      });
      if (config.organization.organizationalUnits.length > 0)
        new SpokeStackSet(this, 'Spokes', {
          hub: {
            account: this.account,
            region: this.region,
            organizationId: config.organization.id,
            stage: stage.name,
          },
          organizationalUnits: config.organization.organizationalUnits,
          regions: config.organization.stackSetRegions ?? [
            ...new Set([this.region, ...spokesOf(config).map((s) => s.region)]),
          ],
        });
    }
    // The webhook is synchronous (API Gateway): its ingestion runs with the same grants.
    alertmanager.setEnvironment(ingestEnvironment);
    grantIngest(alertmanager);
    const logSilence = logSilenceCheck(this, 'LogSilence', {
      ...runtime,
      environment: ingestEnvironment,
      clusters: homeClusters,
      spokes: spokesOf(config),
      readerRole: hubNames(stage.name).silenceReader,
      deadLetters,
      key,
      extra: { reservedConcurrentExecutions: reserved.ingest },
    });
    grantIngest(logSilence);

    const sweeper = scheduledFunction(this, 'Sweeper', {
      ...runtime,
      entryFolder: 'sweeper',
      every: Duration.minutes(1),
      description: 'Resolve incidents whose quiet period ended; start escalations an alert storm left waiting',
      environment: { ...shared, stateMachineArn: workflow.stateMachine.stateMachineArn },
      deadLetters,
      key,
    });
    incidents.grant(sweeper, TABLE_ACTIONS.sweep);
    topics.grantPublish(sweeper, key);
    // It starts the escalations an alert storm left waiting.
    workflow.stateMachine.grantStartExecution(sweeper);

    const statusPage =
      hosted && config.statusPage.enabled
        ? statusPageFunction(this, 'StatusPage', {
            ...runtime,
            environment: { tableName: incidents.table.tableName },
            bucket: hosted.hosting.bucket,
            businessTopic: topics.topic(BUSINESS_TOPIC),
            deadLetters,
            key,
          })
        : undefined;
    if (statusPage) incidents.grant(statusPage, TABLE_ACTIONS.read);

    const { chat, trackers } = config.collaboration;
    const collaboration =
      Object.keys(chat).length + Object.keys(trackers).length > 0
        ? this.collaborate(
            config,
            { topics, key, runtime, incidents, ackKey, stage },
            { ...shared, apiUrl: config.apiUrl ?? api.url, consoleUrl: consoleUrl ?? config.apiUrl ?? api.url },
          )
        : undefined;

    new PipelineMonitoring(this, 'Monitoring', {
      ingest: [ingestLogs, ingestEvents, alertmanager],
      others: [
        logSilence,
        sweeper,
        preparePage,
        apiFunction,
        ackAuthorizer,
        alertmanagerAuthorizer,
        remediation.function,
        ...(statusPage ? [statusPage] : []),
        ...(collaboration ? [collaboration.function, collaboration.chatAction] : []),
      ],
      deadLetters,
      workflow: workflow.stateMachine,
      remediation: remediation.stateMachine,
      ...(logStream ? { streamReader: ingestLogs } : {}),
      api: api.api,
      alarmTopic: topics.alarms,
      alarmActions: stage.alarmActions,
    });
    acknowledgeBucketCleanup(this);
    new CfnOutput(this, 'ApiUrl', {
      value: api.url,
      description: 'Incident API (IAM auth); the Alertmanager webhook is <ApiUrl>/alertmanager',
    });
    new CfnOutput(this, 'AlertmanagerTokenSecret', {
      value: alertmanagerToken.secretName,
      description: 'Secret holding the bearer token for Alertmanager',
    });
    new CfnOutput(this, 'QuarantineBucketName', {
      value: quarantine.bucket.bucketName,
      description: 'Unreadable input with its reason: quarantine/<day>/<delivery>.jsonl',
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      value: deadLetters.queueUrl,
      description: 'Deliveries that failed after every retry (Lambda on-failure records)',
    });
    new CfnOutput(this, 'TableName', { value: incidents.table.tableName });
    new CfnOutput(this, 'StateMachineArn', { value: workflow.stateMachine.stateMachineArn });
    const { reader, kubernetes, aws } = remediation.roles;
    new CfnOutput(this, 'ActionsReaderRole', {
      value: reader.roleArn,
      description: 'Access entry with the group watchkeeper-reader on each cluster (docs/actions.md)',
    });
    new CfnOutput(this, 'ActionsKubernetesRole', {
      value: kubernetes.roleArn,
      description: 'Access entry with the group watchkeeper-actions on each cluster (docs/actions.md)',
    });
    new CfnOutput(this, 'ActionsAwsRole', { value: aws.roleArn, description: 'What AWS actions act as' });
  }

  /** The console in AWS (CloudFront, bucket, app client) and the outputs `console publish` reads; its address. */
  /**
   * Chat channels and trackers: the collaboration queue and function, and the chat buttons' function
   * (acknowledge and resolve through the incident API's own operations, with the API's grants on the table).
   */
  private collaborate(
    config: WatchkeeperConfig,
    parts: {
      topics: TeamTopics;
      key: IKey;
      runtime: Pick<WatchkeeperFunctionProps, 'logs' | 'network' | 'sourceMaps' | 'settings'>;
      incidents: IncidentTable;
      ackKey: ISecret;
      stage: StageSettings;
    },
    environment: FunctionEnvironment,
  ) {
    const { topics, key, runtime, incidents, ackKey, stage } = parts;
    const chatAction = new WatchkeeperFunction(this, 'ChatAction', {
      ...runtime,
      entryFolder: 'chat-action',
      // The incident API's operations; acknowledging and resolving start no escalation.
      environment: { ...environment, stateMachineArn: escalationArn(this) },
    });
    incidents.grant(chatAction, TABLE_ACTIONS.api);
    topics.grantPublish(chatAction, key);
    bindSecret(chatAction, ackKey, key, 'ackSecretArn');
    const collaboration = new Collaboration(this, 'Collaboration', {
      config: config.collaboration,
      topics,
      key,
      runtime,
      environment,
      chatAction,
      alarmTopic: stage.alarmActions ? topics.alarms : undefined,
    });
    incidents.grant(collaboration.function, TABLE_ACTIONS.sweep);
    // Tickets' markers are signed with the link key: text from an alert cannot forge one.
    bindSecret(collaboration.function, ackKey, key, 'ackSecretArn');
    return collaboration;
  }

  private hostConsole(
    config: WatchkeeperConfig,
    users: ConsoleUsers,
    api: IncidentApiGateway,
    quarantine: QuarantineBucket,
    key: IKey,
    stage: StageSettings,
  ): { url: string; hosting: ConsoleHosting } {
    const { domain, webAclArn } = config.console;
    const hosting = new ConsoleHosting(this, 'Console', {
      api: api.api,
      stageName: api.stageName,
      signInUrl: users.signInUrl,
      accessLogs: quarantine.accessLogs,
      key,
      removalPolicy: stage.removalPolicy,
      webAclArn,
      ...(domain
        ? {
            domain: {
              names: domain.names,
              certificate: Certificate.fromCertificateArn(this, 'ConsoleCertificate', domain.certificateArn),
            },
          }
        : {}),
    });
    const url = domain ? `https://${domain.names[0]}/` : hosting.url;
    const client = users.addConsoleClient(url);
    const outputs: Record<string, [string, string]> = {
      ConsoleUrl: [url, 'The responder console (sign in with the user pool)'],
      ConsoleBucketName: [hosting.bucket.bucketName, 'Where `watchkeeper console publish` uploads the console'],
      ConsoleDistributionId: [hosting.distribution.distributionId, 'Invalidated by `watchkeeper console publish`'],
      ConsoleDistributionDomainName: [
        hosting.distribution.distributionDomainName,
        'With console.domain: point your host name at this (CNAME, or a Route 53 alias)',
      ],
      ConsoleSignInUrl: [users.signInUrl, 'The hosted sign-in page'],
      ConsoleClientId: [client.userPoolClientId, "The console's app client (PKCE, no secret)"],
      ConsoleUserPoolId: [users.userPool.userPoolId, 'Add people here, in the groups viewer, responder or admin'],
    };
    for (const [id, [value, description]] of Object.entries(outputs)) new CfnOutput(this, id, { value, description });
    return { url, hosting };
  }
}
