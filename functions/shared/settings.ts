import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertPolicy } from '../core/alerts/policy.ts';
import { DEFAULT_ALERT_POLICY } from '../core/alerts/policy.ts';
import { configuredClusterId, homeOf, hubNames } from '../core/config/fleet.ts';
import type { WatchkeeperConfig } from '../core/config/schema.ts';
import { BUSINESS_TOPIC } from '../core/escalation/announce.ts';
import type { EscalationConfig } from '../core/escalation/config.ts';
import { compileGrouping } from '../core/incidents/compile-grouping.ts';
import type { GroupingConfig } from '../core/incidents/correlation.ts';
import type { Rule } from '../core/rules/rule-schema.ts';
import { env } from './env.ts';
import { once } from './once.ts';
import { amazonQTeams, secretIdOf } from '../core/collaboration/channels.ts';

/**
 * What the stack writes beside every function's code (`settings.json`): the validated configuration
 * itself, with its defaults, so a field a function reads needs no copy anywhere — the schema
 * (functions/core/config/schema.ts) and the line that reads it. A file has no size limit, where
 * environment variables are capped at 4 KB per function and routes, policies, rules and channels
 * grow with the user's setup. What only a deployment knows (ARNs, names, URLs) stays in the
 * environment ({@link env}), a fixed set of variables. Built by `settingsFileOf` (settings-file.ts).
 */
export interface SettingsFile {
  /** The stack's name: topics and secrets are named after it. */
  readonly stackName: string;
  /** The stage (`prod`, `dev` …): hub and spoke roles are named after it. */
  readonly stage: string;
  /** The configuration, validated, people's addresses left out. */
  readonly config: WatchkeeperConfig;
  /**
   * Derived at synth, so that no function bundles what derives them: escalation complete (defaults,
   * teams from contacts, clusters' SLA tiers; the configuration schema), and the rule catalogue with
   * the configuration's changes, without the rules' examples (test data).
   */
  readonly derived: { readonly escalation: EscalationConfig; readonly rules: readonly Rule[] };
}

/** The file beside each bundle's handler that holds its {@link SettingsFile}. */
export const SETTINGS_FILE = 'settings.json';

/** A cluster the log-silence check watches: its id and how long its logs may be silent. */
export interface SilenceWatch {
  readonly name: string;
  readonly silenceMinutes: number;
}

/**
 * The configuration as the functions read it: the fields themselves (`config`) and what is derived
 * from them, each derived once. Lambda reads it from the bundled file, the local runtime builds it from
 * the configuration it loaded: one object, one code path.
 */
export class Settings {
  private derived = new Map<string, unknown>();

  public constructor(private readonly file: SettingsFile) {}

  public get stackName(): string {
    return this.file.stackName;
  }

  public get stage(): string {
    return this.file.stage;
  }

  /** The validated configuration (`watchkeeper.config.json` with its defaults). */
  public get config(): WatchkeeperConfig {
    return this.file.config;
  }

  /** Escalation, complete: defaults, teams from contacts, clusters' SLA tiers, tickets. */
  public get escalation(): EscalationConfig {
    return this.file.derived.escalation;
  }

  /** The alert lifecycle. */
  public get policy(): AlertPolicy {
    return this.once('policy', () => ({ ...DEFAULT_ALERT_POLICY, ...this.config.alerts }));
  }

  /** The grouping policies and inhibition rules, compiled. */
  public get grouping(): GroupingConfig {
    return this.once('grouping', () => compileGrouping(this.config.grouping));
  }

  /** The rule catalogue with the configuration's changes. */
  public get rules(): readonly Rule[] {
    return this.file.derived.rules;
  }

  /** The clusters the log-silence check watches, by id. */
  public get silenceWatches(): readonly SilenceWatch[] {
    return this.once('silenceWatches', () =>
      this.config.clusters.map((c) => ({
        name: configuredClusterId(c, homeOf(this.config)),
        silenceMinutes: c.silenceMinutes,
      })),
    );
  }

  /** The role each spoke lets the hub's silence check assume, before `-<region>`. */
  public get spokeReaderRole(): string {
    return hubNames(this.stage).silenceReader;
  }

  /** `<team>/<name>` → the secret (name, or ARN when configured) of each tracker and webhook channel. */
  public get collaborationSecrets(): Readonly<Record<string, string>> {
    return this.once('collaborationSecrets', () => {
      const { chat, trackers } = this.config.collaboration;
      const secrets: Record<string, string> = {};
      for (const [team, tracker] of Object.entries(trackers)) {
        const id = secretIdOf(team, 'tracker');
        secrets[id] = tracker.secretArn ?? collaborationSecretName(this.stackName, id);
      }
      for (const [team, channels] of Object.entries(chat))
        for (const channel of channels)
          if (channel.kind === 'webhook') {
            const id = secretIdOf(team, channel.name);
            secrets[id] = channel.secretArn ?? collaborationSecretName(this.stackName, id);
          }
      return secrets;
    });
  }

  /** Team (and `business`) → the ARN of its topic. */
  public topicArns(arnPrefix: string): Record<string, string> {
    return Object.fromEntries(
      [...this.escalation.teams, BUSINESS_TOPIC].map((team) => [
        team,
        `${arnPrefix}${TOPIC_NAMES.team(this.stackName, team)}`,
      ]),
    );
  }

  /** Team → the ARN of its Amazon Q Developer chat topic. */
  public chatTopicArns(arnPrefix: string): Record<string, string> {
    return Object.fromEntries(
      amazonQTeams(this.config.collaboration).map((team) => [
        team,
        `${arnPrefix}${TOPIC_NAMES.chat(this.stackName, team)}`,
      ]),
    );
  }

  private once<T>(key: string, derive: () => T): T {
    if (!this.derived.has(key)) this.derived.set(key, derive());
    return this.derived.get(key) as T;
  }
}

/** The settings bundled beside the handler, read once per execution environment. */
export const lambdaSettings = /* @__PURE__ */ once(
  (): Settings => new Settings(JSON.parse(readFileSync(join(env.taskRoot(), SETTINGS_FILE), 'utf8')) as SettingsFile),
);

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
