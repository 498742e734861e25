import { ActionTransitionError } from '../core/actions/decisions.ts';
import { UnknownActionError } from '../core/actions/remediation.ts';
import { ActionPlanError } from '../core/actions/requests.ts';
import { AlertNotFoundError, TransitionError } from '../core/alerts/errors.ts';
import { CursorError } from '../core/api/cursor.ts';
import { TimeRangeError } from '../core/api/errors.ts';
import { AckTokenError } from '../core/escalation/ack-token.ts';
import { IncidentNotFoundError, IncidentTransitionError } from '../core/incidents/errors.ts';
import { ReviewNotReadyError } from '../core/review/review.ts';
import { ErrorStatusRegistry } from '../shared/http-errors.ts';

/** The domain errors the incident API answers with a 4xx: each class once, with its status. */
export const API_ERRORS = new ErrorStatusRegistry()
  .register(404, AlertNotFoundError, IncidentNotFoundError, UnknownActionError)
  .register(409, TransitionError, IncidentTransitionError, ReviewNotReadyError, ActionTransitionError, ActionPlanError)
  .register(400, CursorError, TimeRangeError)
  .register(403, AckTokenError);
