import { isAuditEvent } from './audit-event.ts';
import { InvalidInputError } from './errors.ts';
import { normalizeAuditEvent } from './normalize-audit.ts';
import { isKubeEvent, normalizeKubeEvent } from './normalize-kube-event.ts';
import { normalizeAuthenticatorLine, normalizeKlogLine } from './normalize-text.ts';
import type { Candidate, RawLogEvent } from './types.ts';
import type { AlertmanagerPayload } from './alertmanager.ts';
import { normalizeAlert } from './alertmanager.ts';
import type { AlarmDetail } from './cloudwatch-alarm.ts';
import { normalizeAlarm } from './cloudwatch-alarm.ts';
import { isCloudTrailRecord, normalizeCloudTrail } from './cloudtrail.ts';
import type { GuardDutyFinding } from './guardduty.ts';
import { normalizeGuardDuty } from './guardduty.ts';

/** Parse an audit record's JSON (unless the decoder already did). */
export function parseAuditRecord(raw: RawLogEvent): unknown {
  if (raw.parsed !== undefined) return raw.parsed;
  try {
    return JSON.parse(raw.message);
  } catch {
    throw new InvalidInputError('audit log message is not valid JSON');
  }
}

/**
 * Normalize any raw record into a candidate, by its kind. `undefined` means "nothing to
 * classify" (an audit RequestReceived stage); malformed input throws {@link InvalidInputError}.
 */
export function normalizeRecord(raw: RawLogEvent): Candidate | undefined {
  switch (raw.stream) {
    case 'audit': {
      const event = parseAuditRecord(raw);
      if (!isAuditEvent(event)) throw new InvalidInputError('not an audit.k8s.io Event');
      return normalizeAuditEvent(event, raw.cluster, raw.timestamp);
    }
    case 'k8s-event': {
      if (!isKubeEvent(raw.parsed)) throw new InvalidInputError('not a Kubernetes Event');
      return normalizeKubeEvent(raw.parsed, raw.cluster, raw.id, raw.timestamp);
    }
    case 'authenticator':
      return normalizeAuthenticatorLine(raw);
    case 'cloudtrail': {
      if (!isCloudTrailRecord(raw.parsed)) throw new InvalidInputError('not a CloudTrail record');
      return normalizeCloudTrail(raw.parsed, raw.id, raw.timestamp);
    }
    case 'cloudwatch-alarm': {
      const { detail, resources, account } = (raw.parsed ?? {}) as {
        detail?: AlarmDetail;
        resources?: unknown[];
        account?: string;
      };
      if (!detail || typeof detail !== 'object') throw new InvalidInputError('alarm state change has no detail');
      return normalizeAlarm(
        detail,
        typeof resources?.[0] === 'string' ? resources[0] : undefined,
        account ?? 'unknown',
        raw.id,
        raw.timestamp,
      );
    }
    case 'guardduty':
      return normalizeGuardDuty((raw.parsed ?? {}) as GuardDutyFinding, raw.timestamp);
    case 'alertmanager': {
      const { alert, payload } = raw.parsed as { alert: unknown; payload: AlertmanagerPayload };
      return normalizeAlert(alert, payload, raw.cluster, raw.timestamp);
    }
    default:
      return normalizeKlogLine(raw);
  }
}
