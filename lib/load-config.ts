import { existsSync, readFileSync } from 'node:fs';
import * as z from 'zod';
import { RuleConfigError } from '../functions/core/rules/catalogue.ts';
import { loadValidatedRules } from '../functions/core/rules/validate-rules.ts';
import type { WatchkeeperConfig } from '../functions/core/config/schema.ts';
import { WatchkeeperConfigSchema } from '../functions/core/config/schema.ts';

/** The configuration file read when none is named. */
export const DEFAULT_CONFIG_FILE = 'watchkeeper.config.json';

/** Raised with a readable explanation when the configuration is invalid. */
export class ConfigError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Validate configuration data, the examples of rules it adds included. */
export function parseConfig(data: unknown, origin = 'configuration'): WatchkeeperConfig {
  const parsed = WatchkeeperConfigSchema.safeParse(renamed(data ?? {}));
  if (!parsed.success) throw new ConfigError(`${origin} is invalid:\n${z.prettifyError(parsed.error)}`);
  try {
    loadValidatedRules(parsed.data.rules);
  } catch (error) {
    if (error instanceof RuleConfigError) throw new ConfigError(`${origin}: ${error.message}`);
    throw error;
  }
  return parsed.data;
}

/** Configurations written before alerts were grouped call the alert lifecycle `incidents`. */
function renamed(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || !('incidents' in data) || 'alerts' in data) return data;
  const { incidents, ...rest } = data as Record<string, unknown>;
  return { ...rest, alerts: incidents };
}

/** Read and validate a configuration file; a missing default file means the defaults. */
export function loadConfigFile(file?: string): WatchkeeperConfig {
  const path = file ?? DEFAULT_CONFIG_FILE;
  if (!existsSync(path)) {
    if (file) throw new ConfigError(`${file}: no such configuration file`);
    return parseConfig({});
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  return parseConfig(data, path);
}
