/** The only module that reads `process.env` in the functions. */
export const env = {
  /** JSON rule overrides validated at synth time (`watchkeeper.config.json` → `rules`). */
  ruleOverrides: (): unknown => (process.env.RULE_OVERRIDES ? JSON.parse(process.env.RULE_OVERRIDES) : undefined),
  serviceName: (): string => process.env.POWERTOOLS_SERVICE_NAME ?? 'watchkeeper',
  metricsNamespace: (): string => process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Watchkeeper',
};
