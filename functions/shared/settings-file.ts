import type { WatchkeeperConfig } from '../core/config/schema.ts';
import { escalationOf } from '../core/config/schema.ts';
import { loadRules } from '../core/rules/catalogue.ts';
import { Settings } from './settings.ts';
import type { SettingsFile } from './settings.ts';

/**
 * The settings file of a configuration: what the stack bundles beside every function and the local
 * runtime hands its functions. Contacts' addresses stay out of function code (only the stack subscribes
 * them to topics; the functions need the teams they belong to). Imported where settings are made — the
 * CDK app and the local runtime — never by a function, so no bundle carries the configuration schema or
 * the rule catalogue's source.
 */
export function settingsFileOf(config: WatchkeeperConfig, stackName: string, stage = 'prod'): SettingsFile {
  const teamsOnly = Object.fromEntries(Object.keys(config.contacts).map((team) => [team, []]));
  const { alarmContacts: _, ...rest } = config;
  const rules = loadRules(config.rules).map(({ examples: _examples, ...rule }) => rule);
  return {
    stackName,
    stage,
    config: { ...rest, contacts: teamsOnly, businessContacts: [] },
    derived: { escalation: escalationOf(config), rules },
  };
}

/** The settings of a configuration, as the stack bundles them (the local runtime's and tests'). */
export const settingsOf = (config: WatchkeeperConfig, stackName: string, stage = 'prod'): Settings =>
  new Settings(settingsFileOf(config, stackName, stage));
