import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG_FILE } from '../load-config.ts';
import type { StageSettings } from '../stages.ts';
import { STAGES } from '../stages.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const EXAMPLES = join(ROOT, 'docs', 'examples');

/** A configuration a user is shown, and the stage it is shown with. */
export interface ShownConfiguration {
  readonly name: string;
  /** The configuration data, as the file holds it. */
  readonly data: unknown;
  readonly stage: StageSettings;
}

/**
 * Every configuration a user is shown: the default (`watchkeeper.config.json`, as `cdk deploy` and
 * `cdk deploy -c stage=dev` read it) and every file in docs/examples/, in prod. The deploy rehearsal
 * runs on each of them in `npm test`.
 */
export function shownConfigurations(): ShownConfiguration[] {
  const defaults = JSON.parse(readFileSync(join(ROOT, DEFAULT_CONFIG_FILE), 'utf8')) as unknown;
  return [
    { name: 'default, prod', data: defaults, stage: STAGES.prod },
    { name: 'default, dev', data: defaults, stage: STAGES.dev },
    ...readdirSync(EXAMPLES)
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => ({
        name: `docs/examples/${file}`,
        data: JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as unknown,
        stage: STAGES.prod,
      })),
  ];
}
