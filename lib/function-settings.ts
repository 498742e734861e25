import { secretIdOf } from '../functions/core/collaboration/config.ts';
import { DEFAULT_ALERT_POLICY } from '../functions/core/alerts/policy.ts';
import type { FunctionSettings } from '../functions/shared/settings.ts';
import { collaborationSecretName } from '../functions/shared/settings.ts';
import type { WatchkeeperConfig } from './config-schema.ts';
import { escalationOf } from './config-schema.ts';
import { configuredClusterId, homeOf, hubNames } from './fleet.ts';

/**
 * The functions' settings of a configuration (see {@link FunctionSettings}): what the stack bundles
 * beside every function and the local runtime hands its functions. One place turns configuration
 * into settings; a function reads a setting from the settings, never from its own copy of the field.
 */
export function settingsOf(config: WatchkeeperConfig, stackName: string, stage = 'prod'): FunctionSettings {
  const { chat, trackers } = config.collaboration;
  const secrets: Record<string, string> = {};
  for (const [team, tracker] of Object.entries(trackers)) {
    const id = secretIdOf(team, 'tracker');
    secrets[id] = tracker.secretArn ?? collaborationSecretName(stackName, id);
  }
  for (const [team, channels] of Object.entries(chat))
    for (const channel of channels)
      if (channel.kind === 'webhook') {
        const id = secretIdOf(team, channel.name);
        secrets[id] = channel.secretArn ?? collaborationSecretName(stackName, id);
      }
  return {
    stackName,
    alerts: { ...DEFAULT_ALERT_POLICY, ...config.alerts },
    escalation: escalationOf(config),
    grouping: config.grouping,
    rules: config.rules,
    trustedNetworks: config.trustedNetworks,
    baseline: config.baseline,
    alertmanagerDefaultCluster: config.alertmanagerDefaultCluster,
    remediation: config.remediation,
    collaboration: config.collaboration,
    collaborationSecrets: secrets,
    statusPage: { title: config.statusPage.title, clusters: config.statusPage.clusters },
    silenceWatches: config.clusters.map((c) => ({
      name: configuredClusterId(c, homeOf(config)),
      silenceMinutes: c.silenceMinutes,
    })),
    spokeReaderRole: hubNames(stage).silenceReader,
  };
}
