import { expect, jest } from '@jest/globals';

/**
 * The longest a test of each tier may take (tests never assert timings; these only stop a hung test):
 * Jest reads `testTimeout` for the whole run, not per project, so each tier sets its own here.
 */
const TIMEOUTS: Record<string, number> = { unit: 30_000, integration: 90_000, infra: 240_000, e2e: 120_000 };

const tier = /[/\\]test[/\\](\w+)[/\\]/.exec(expect.getState().testPath ?? '')?.[1] ?? '';
jest.setTimeout(TIMEOUTS[tier] ?? 120_000);
