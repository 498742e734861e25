import type { NamedInput } from '../read-inputs.ts';
import type { FakeKubernetes } from '../fake-kubernetes.ts';
import { putDemoCluster } from './cluster.ts';
import { CROWDED_CLUSTER, CROWDED_INCIDENTS, crowdedScenario } from './crowded-scenario.ts';
import type { ExpectedIncident } from './expected-incident.ts';
import { BAD_NIGHT_INCIDENTS, DEMO_CLUSTER, demoScenario } from './scenario.ts';

/** A bundled scenario: inputs as AWS would deliver them, and the incidents it should give. */
export interface Scenario {
  /** What `npm start` says it replays. */
  readonly description: string;
  readonly cluster: string;
  /** The inputs, timed a little before `now` so that they are recent. */
  readonly inputs: (now?: number) => NamedInput[];
  /** One incident per situation, written beside the scenario; a test asserts them. */
  readonly incidents: readonly ExpectedIncident[];
  /**
   * Whether the scheduled log-silence check runs after the replay (the clusters of the configuration
   * that sent nothing raise an incident each: the bad night's last situation).
   */
  readonly checksLogSilence: boolean;
  /** What the cluster's API holds when actions look (nothing when absent: actions find nothing). */
  readonly objects?: (kubernetes: FakeKubernetes) => void;
}

/** The scenarios `watchkeeper start --scenario NAME` replays; the first is the default. */
export const SCENARIOS = {
  'bad-night': {
    description: `a bad night on ${DEMO_CLUSTER} — control-plane logs (CloudWatch Logs subscription payloads),\nCloudTrail calls, an alarm that fires and recovers, a GuardDuty finding and an Alertmanager alert (EventBridge and webhook),\nand two spoke accounts in two regions through the hub's Kinesis stream`,
    cluster: DEMO_CLUSTER,
    inputs: demoScenario,
    incidents: BAD_NIGHT_INCIDENTS,
    checksLogSilence: true,
    objects: putDemoCluster,
  },
  'crowded-ten-minutes': {
    description: `ten crowded minutes on ${CROWDED_CLUSTER} — two attackers in the same minute, an etcd episode\nand two broken deployments (CloudWatch Logs subscription payloads)`,
    cluster: CROWDED_CLUSTER,
    inputs: crowdedScenario,
    incidents: CROWDED_INCIDENTS,
    checksLogSilence: false,
  },
} as const satisfies Record<string, Scenario>;

/** The name of a bundled scenario. */
export type ScenarioName = keyof typeof SCENARIOS;
