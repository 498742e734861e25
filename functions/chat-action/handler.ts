import { apiOf, lambdaApiDeps } from '../operations/api-deps.ts';
import type { IncidentApi } from '../operations/incident-api.ts';
import { IncidentNotFoundError, IncidentTransitionError } from '../core/incidents/errors.ts';
import { lambdaHandler } from '../shared/middleware.ts';
import { logger } from '../shared/powertools.ts';

/** What an Amazon Q Developer custom action sends (its command: `lambda invoke … --payload {…}`). */
export interface ChatActionEvent {
  readonly action?: unknown;
  readonly incidentId?: unknown;
  /** The channel's name, from the custom action's definition. */
  readonly channel?: unknown;
}

/** The answer shown in the channel. */
export interface ChatActionResult {
  readonly ok: boolean;
  readonly text: string;
}

const ID = /^[A-Za-z0-9_-]{1,64}\.\d{1,9}$/;

/**
 * The buttons of chat messages: acknowledge or resolve one incident, through the incident API's own
 * operations, and nothing else (the channel's role may invoke only this function). Mistakes are
 * answered in the channel, never thrown.
 */
export function createChatActionHandler(api: () => Pick<IncidentApi, 'acknowledge' | 'resolve'>) {
  return lambdaHandler<ChatActionEvent, ChatActionResult>().handler(async (event) => {
    const { action, incidentId, channel } = event ?? {};
    if (action !== 'acknowledge' && action !== 'resolve')
      return { ok: false, text: 'action must be "acknowledge" or "resolve"' };
    if (typeof incidentId !== 'string' || !ID.test(incidentId))
      return { ok: false, text: 'incidentId must be an incident id such as Z2Asinj0nQh0sLu4PMb_p7.1' };
    const by = `chat (${typeof channel === 'string' ? channel.slice(0, 60) : 'Amazon Q Developer'})`;
    try {
      const incident =
        action === 'acknowledge'
          ? await api().acknowledge(incidentId, by)
          : await api().resolve(incidentId, by, `Resolved from ${by}; the resolution is in the channel's thread`);
      logger.info('chat action', { action, incidentId, by });
      return { ok: true, text: `${incident.title}: ${incident.status} by ${by}` };
    } catch (error) {
      if (error instanceof IncidentNotFoundError || error instanceof IncidentTransitionError)
        return { ok: false, text: error.message };
      throw error;
    }
  });
}

/** The Lambda entry point. */
export const handler = createChatActionHandler(() => apiOf(lambdaApiDeps()).incidents);
