import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RemediationConfig } from '../core/actions/remediation-config.ts';
import type { AlertPolicy } from '../core/alerts/policy.ts';
import type { BaselineSettings } from '../core/baseline/first-seen.ts';
import type { CollaborationConfig } from '../core/collaboration/config.ts';
import { amazonQTeams } from '../core/collaboration/config.ts';
import { BUSINESS_TOPIC } from '../core/escalation/announce.ts';
import type { EscalationConfig } from '../core/escalation/config.ts';
import type { GroupingSettings } from '../core/incidents/grouping-config.ts';
import type { RuleOverrides } from '../core/rules/rule-schema.ts';
import { env } from './env.ts';
import { once } from './once.ts';

/** A cluster the log-silence check watches: its id and how long its logs may be silent. */
export interface SilenceWatch {
  readonly name: string;
  readonly silenceMinutes: number;
}

/**
 * The configuration as the functions read it: one codec for every setting. The stack builds it once
 * from the validated configuration (`settingsOf` in lib/function-settings.ts) and writes it beside
 * each function's code (`settings.json`), where settings that grow with the user's setup — routes,
 * policies, rules, channels, clusters — have no size limit (environment variables are capped at 4 KB
 * per function); the functions read it once per container. The local runtime builds the same object
 * from the same configuration. What only a deployment knows (ARNs, names, URLs) stays in the
 * environment ({@link env}), a fixed set of variables.
 */
export interface FunctionSettings {
  /** The stack's name: topics and secrets are named after it. */
  readonly stackName: string;
  /** Alert lifecycle (`alerts`). */
  readonly alerts: AlertPolicy;
  /** Escalation, complete: teams, routes, policies, hours, SLA tiers of clusters, tickets (`escalation`). */
  readonly escalation: EscalationConfig;
  /** Grouping policies and inhibition rules as configured (`grouping`). */
  readonly grouping: GroupingSettings;
  /** Changes to the rule catalogue (`rules`). */
  readonly rules: RuleOverrides;
  /** Your own public addresses, for `source.scope` (`trustedNetworks`). */
  readonly trustedNetworks: readonly string[];
  /** The baseline of first-seen rules (`baseline`). */
  readonly baseline: BaselineSettings;
  /** Cluster of Alertmanager alerts without a `cluster` label (`alertmanagerDefaultCluster`). */
  readonly alertmanagerDefaultCluster: string;
  /** Kill switches, approval polling, SSM documents (`remediation`). */
  readonly remediation: RemediationConfig;
  /** Chat channels and trackers per team (`collaboration`). */
  readonly collaboration: CollaborationConfig;
  /** `<team>/<name>` → the secret (name, or ARN when configured) of each tracker and webhook channel. */
  readonly collaborationSecrets: Readonly<Record<string, string>>;
  /** The business status page: its title and the clusters that opted in (`statusPage`). */
  readonly statusPage: { readonly title: string; readonly clusters: readonly string[] };
  /** The clusters the log-silence check watches, by id. */
  readonly silenceWatches: readonly SilenceWatch[];
  /** The role each spoke lets the hub's silence check assume, before `-<region>`. */
  readonly spokeReaderRole: string;
}

/** The file beside each bundle's handler that holds its {@link FunctionSettings}. */
export const SETTINGS_FILE = 'settings.json';

/** The settings bundled beside the handler, read once per execution environment. */
export const lambdaSettings = /* @__PURE__ */ once(
  (): FunctionSettings => JSON.parse(readFileSync(join(env.taskRoot(), SETTINGS_FILE), 'utf8')) as FunctionSettings,
);

/** Team (and `business`) → the ARN of its topic. */
export function topicArns(settings: FunctionSettings, arnPrefix: string): Record<string, string> {
  return Object.fromEntries(
    [...settings.escalation.teams, BUSINESS_TOPIC].map((team) => [
      team,
      `${arnPrefix}${TOPIC_NAMES.team(settings.stackName, team)}`,
    ]),
  );
}

/** Team → the ARN of its Amazon Q Developer chat topic. */
export function chatTopicArns(settings: FunctionSettings, arnPrefix: string): Record<string, string> {
  return Object.fromEntries(
    amazonQTeams(settings.collaboration).map((team) => [
      team,
      `${arnPrefix}${TOPIC_NAMES.chat(settings.stackName, team)}`,
    ]),
  );
}

/** SNS topic names, one home for the stack that creates them and the functions that publish. */
export const TOPIC_NAMES = {
  /** A team's topic (and the business topic's, `business`). */
  team: (stackName: string, team: string): string => `${stackName}-${team}`,
  /** A team's Amazon Q Developer chat topic (`_` cannot occur in a team's name). */
  chat: (stackName: string, team: string): string => `${stackName}_chat_${team}`,
  /** Watchkeeper's own alarms. */
  alarms: (stackName: string): string => `${stackName}_alarms`,
};

/** The name of a secret the stack creates for a tracker or webhook channel (`<team>/<name>`). */
export const collaborationSecretName = (stackName: string, id: string): string => `${stackName}/${id}`;
