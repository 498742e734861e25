import { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledgeControl, CONTROL_EXCEPTIONS } from '../control-tower.ts';

/** Properties of {@link PipelineMonitoring}. */
export interface PipelineMonitoringProps {
  /** Functions by role; ingest functions also emit EventsIn, Signals, Quarantined. */
  readonly ingest: readonly IFunction[];
  readonly others: readonly IFunction[];
  readonly deadLetters: IQueue;
  readonly workflow: StateMachine;
  /** The function reading the Kinesis stream (`ingest: "stream"`): falling behind raises an alarm. */
  readonly streamReader?: IFunction;
  /** The remediation workflow: its failed executions and actions that did not succeed raise alarms. */
  readonly remediation?: StateMachine;
  readonly api: RestApi;
  /** Where alarms go: the operations team's topic. */
  readonly alarmTopic: ITopic;
  /** Alarms notify (prod) or only show in the console (dev). @default true */
  readonly alarmActions?: boolean;
  /** Quarantined inputs per 15 minutes that raise an alarm. @default 10 */
  readonly quarantineThreshold?: number;
}

const NAMESPACE = 'Watchkeeper';
const serviceOf = (fn: IFunction): string =>
  `watchkeeper-${fn.node.id.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`;

/**
 * Watchkeeper watches itself: alarms on function errors and throttles, the dead-letter queue,
 * the quarantine rate, failed and exhausted escalations and silent clusters, sent to operations;
 * and a dashboard of the pipeline (events in, signals, incidents, pages, latency).
 */
export class PipelineMonitoring extends Construct {
  public readonly alarms: Alarm[] = [];
  public readonly dashboard: Dashboard;

  public constructor(scope: Construct, id: string, props: PipelineMonitoringProps) {
    super(scope, id);
    const alarm = (name: string, description: string, metric: IMetric, threshold = 1) => {
      const a = new Alarm(this, name, {
        alarmDescription: `Watchkeeper: ${description}`,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      if (props.alarmActions ?? true) a.addAlarmAction(new SnsAction(props.alarmTopic));
      else acknowledgeControl(a, CONTROL_EXCEPTIONS.alarmWithoutAction);
      this.alarms.push(a);
      return a;
    };
    const custom = (metricName: string, service?: string, statistic = 'Sum', period = Duration.minutes(5)) =>
      new Metric({
        namespace: NAMESPACE,
        metricName,
        statistic,
        period,
        ...(service ? { dimensionsMap: { service } } : {}),
      });

    for (const fn of [...props.ingest, ...props.others]) {
      alarm(
        `${fn.node.id}Errors`,
        `${fn.node.id} failed invocations`,
        fn.metricErrors({ period: Duration.minutes(5) }),
      );
      alarm(
        `${fn.node.id}Throttles`,
        `${fn.node.id} throttled invocations`,
        fn.metricThrottles({ period: Duration.minutes(5) }),
      );
    }
    alarm(
      'DeadLetters',
      'events in the dead-letter queue (nothing is lost, but someone must look)',
      props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    );
    for (const fn of props.ingest) {
      alarm(
        `${fn.node.id}QuarantineRate`,
        `${fn.node.id} quarantines unreadable input`,
        custom('Quarantined', serviceOf(fn), 'Sum', Duration.minutes(15)),
        props.quarantineThreshold ?? 10,
      );
    }
    alarm(
      'EscalationFailures',
      'escalation executions failed, timed out or were aborted',
      new MathExpression({
        expression: 'failed + timedout + aborted',
        period: Duration.minutes(5),
        usingMetrics: {
          failed: props.workflow.metricFailed(),
          timedout: props.workflow.metricTimedOut(),
          aborted: props.workflow.metricAborted(),
        },
      }),
    );
    alarm(
      'EscalationsExhausted',
      'escalations ran out of tiers without an acknowledgement',
      custom('EscalationsExhausted', 'watchkeeper-escalation-page'),
    );
    if (props.streamReader)
      alarm(
        'StreamIteratorAge',
        'the ingest function is 5 minutes or more behind the Kinesis stream (records expire after the maximum record age)',
        props.streamReader.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(5) }),
        300_000,
      );
    if (props.remediation) {
      const machine = props.remediation;
      alarm(
        'RemediationFailures',
        'remediation executions failed, timed out or were aborted',
        new MathExpression({
          expression: 'failed + timedout + aborted',
          period: Duration.minutes(5),
          usingMetrics: {
            failed: machine.metricFailed(),
            timedout: machine.metricTimedOut(),
            aborted: machine.metricAborted(),
          },
        }),
      );
      alarm(
        'ActionsNotSucceeded',
        'approved actions failed or were given up (the reason is on the incident timeline)',
        custom('ActionsNotSucceeded', 'watchkeeper-act', 'Sum', Duration.minutes(15)),
      );
    }
    alarm(
      'SilentClusters',
      'clusters whose control-plane logs fell silent',
      custom('SilentClusters', 'watchkeeper-log-silence', 'Maximum'),
    );

    const perIngest = (metricName: string, what = '') =>
      props.ingest.map((fn) => custom(metricName, serviceOf(fn)).with({ label: `${fn.node.id}${what}` }));
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${scope.node.id}-pipeline`,
      defaultInterval: Duration.hours(6),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: '# Watchkeeper pipeline\nEvents in → signals → incidents → pages. Alarms go to the operations topic.',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Events in', left: perIngest('EventsIn'), width: 8 }),
      new GraphWidget({ title: 'Signals', left: perIngest('Signals'), width: 8 }),
      new GraphWidget({ title: 'Quarantined', left: perIngest('Quarantined'), width: 8 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Alerts and incidents opened and resolved',
        left: [
          ...perIngest('AlertsCreated', ' alerts opened'),
          ...perIngest('AlertsReopened', ' alerts reopened'),
          ...perIngest('AlertsResolved', ' alerts resolved by source'),
          ...perIngest('IncidentsCreated', ' incidents opened'),
          ...perIngest('IncidentsResolved', ' incidents resolved'),
          custom('AlertsAutoResolved', 'watchkeeper-sweeper').with({ label: 'alerts auto-resolved' }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'Pages',
        left: [
          custom('Pages', 'watchkeeper-escalation-page'),
          custom('PagesSilenced', 'watchkeeper-escalation-page'),
          custom('EscalationsExhausted', 'watchkeeper-escalation-page'),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'Escalations',
        left: [props.workflow.metricStarted(), props.workflow.metricSucceeded(), props.workflow.metricFailed()],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Ingest latency p99 (ms)',
        left: props.ingest.map((fn) => fn.metricDuration({ statistic: 'p99' }).with({ label: fn.node.id })),
        width: 12,
      }),
      new GraphWidget({
        title: 'API latency p99 (ms) and 5xx',
        left: [props.api.metricLatency({ statistic: 'p99' })],
        right: [props.api.metricServerError()],
        width: 12,
      }),
    );
  }
}
