import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { MAX_WEBHOOK_BODY_BYTES } from '../../../functions/alertmanager/handler.ts';
import { CONFLICT_RETRY } from '../../../functions/adapters/alert-store.ts';
import { LIST_TIME_LIMITS } from '../../../functions/core/api/time-range.ts';
import { PENDING_ESCALATIONS_PER_SWEEP } from '../../../functions/core/escalation/pending.ts';
import { MAX_ESCALATIONS_PER_DELIVERY } from '../../../functions/core/ingest/ingest.ts';
import { MAX_SILENCE_DAYS } from '../../../functions/core/silences/silence-schema.ts';
import { MAX_ALERTS_PER_PAYLOAD } from '../../../functions/core/sources/alertmanager.ts';
import { MAX_API_BODY_BYTES } from '../../../functions/shared/http-limits.ts';
import { CONTROL_EXCEPTIONS } from '../../../lib/control-tower.ts';

const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'security.md'), 'utf8');
const thousands = (n: number): string => n.toLocaleString('en-US');

describe('docs/security.md', () => {
  it.each(Object.values(CONTROL_EXCEPTIONS))(
    'lists the Control Tower exception $control with what satisfies it',
    (exception) => {
      expect(doc).toContain(exception.control);
      expect(doc).toContain(exception.satisfiedBy);
    },
  );

  it('states the limits the code enforces', () => {
    for (const figure of [
      thousands(MAX_API_BODY_BYTES),
      `${MAX_WEBHOOK_BODY_BYTES / 1_048_576} MB`,
      thousands(MAX_ALERTS_PER_PAYLOAD),
      `${MAX_SILENCE_DAYS} days`,
      `${thousands(LIST_TIME_LIMITS.pastDays)} days back`,
      `${LIST_TIME_LIMITS.maxSpanDays} days apart`,
      `${MAX_ESCALATIONS_PER_DELIVERY}; the rest`,
      `${PENDING_ESCALATIONS_PER_SWEEP} a minute`,
      `${CONFLICT_RETRY.maxAttempts} attempts`,
      `${CONFLICT_RETRY.capMs} ms`,
    ])
      expect(doc).toContain(figure);
  });
});
