import { DEFAULT_INCIDENT_POLICY } from '../core/incidents/policy.ts';
import type { IncidentPolicy } from '../core/incidents/policy.ts';

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
};

/** The only module that reads `process.env` in the functions. */
export const env = {
  /** JSON rule overrides validated at synth time (`watchkeeper.config.json` → `rules`). */
  ruleOverrides: (): unknown => (process.env.RULE_OVERRIDES ? JSON.parse(process.env.RULE_OVERRIDES) : undefined),
  /** Lifecycle parameters validated at synth time (`incidents`). */
  incidentPolicy: (): IncidentPolicy => ({ ...DEFAULT_INCIDENT_POLICY, ...(process.env.INCIDENT_POLICY ? JSON.parse(process.env.INCIDENT_POLICY) : {}) }),
  tableName: (): string => required('TABLE_NAME'),
  quarantineBucket: (): string => required('QUARANTINE_BUCKET'),
  serviceName: (): string => process.env.POWERTOOLS_SERVICE_NAME ?? 'watchkeeper',
  metricsNamespace: (): string => process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Watchkeeper',
};
