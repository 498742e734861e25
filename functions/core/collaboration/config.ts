import * as z from 'zod';
import { SEVERITIES } from '../vocabulary.ts';

const NAME = z.string().regex(/^[a-z][a-z0-9-]{0,29}$/, 'a name: lower-case letters, digits, dashes (30 at most)');
const SECRET_ARN = z
  .string()
  .regex(/^arn:aws[\w-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, 'a Secrets Manager secret ARN');

/**
 * When an incident of the team gets a ticket, inside and outside business hours. Critical incidents
 * always page (and get a ticket); the seed's rule is the default: a ticket instead of a page at night.
 */
export const TicketPolicySchema = z
  .object({
    /** `ticket-and-page`: both; `ticket-only`: the team is not paged, the ticket is the hand-off. @default 'ticket-and-page' */
    businessHours: z.enum(['ticket-and-page', 'ticket-only']).default('ticket-and-page'),
    /** `ticket-instead-of-page`: the team is not paged at night (first line still is). @default 'ticket-instead-of-page' */
    afterHours: z.enum(['ticket-instead-of-page', 'ticket-and-page']).default('ticket-instead-of-page'),
  })
  .strict();

const trackerCommon = {
  /** The secret holding the credentials; one is created (to be filled in) when absent. */
  secretArn: SECRET_ARN.optional(),
  /** Labels every ticket gets. @default ['incident', 'watchkeeper'] */
  labels: z
    .array(z.string().regex(/^[\w.:-]{1,50}$/, 'a label without spaces'))
    .max(10)
    .default(['incident', 'watchkeeper']),
  tickets: TicketPolicySchema.default(TicketPolicySchema.parse({})),
  /**
   * File the post-incident review of every resolved incident at or above this severity as a ticket;
   * absent: only when someone asks (`POST /incidents/{id}/review/ticket`).
   */
  fileReviewsFrom: z.enum(SEVERITIES).optional(),
};

/** GitHub Issues (REST v3); the secret is `{"token": "<fine-grained token with Issues: read and write>"}`. */
export const GithubTrackerSchema = z
  .object({
    type: z.literal('github'),
    /** `owner/name`. */
    repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'a repository as owner/name'),
    /** GitHub Enterprise Server's API root (`https://github.example.com/api/v3`). @default 'https://api.github.com' */
    apiUrl: z.url().default('https://api.github.com'),
    ...trackerCommon,
  })
  .strict();

/** Jira Cloud (REST v3); the secret is `{"email": "…", "apiToken": "…"}` of the account that files tickets. */
export const JiraTrackerSchema = z
  .object({
    type: z.literal('jira'),
    /** `https://<site>.atlassian.net`. */
    siteUrl: z.url().regex(/^https:\/\//, 'an https:// address'),
    /** Project key. */
    project: z.string().regex(/^[A-Z][A-Z0-9_]{1,9}$/, 'a Jira project key such as OPS'),
    /** @default 'Bug' */
    issueType: z.string().min(1).max(60).default('Bug'),
    /** The transition that closes a ticket when its incident resolves (by name). @default 'Done' */
    doneTransition: z.string().min(1).max(60).default('Done'),
    /** The transition that reopens it when the incident comes back (by name); a comment only when absent. */
    reopenTransition: z.string().min(1).max(60).optional(),
    ...trackerCommon,
  })
  .strict();

/** A defect tracker of a team. */
export const TrackerSchema = z.discriminatedUnion('type', [GithubTrackerSchema, JiraTrackerSchema]);

/** A Slack channel through Amazon Q Developer in chat applications (the workspace authorized once in its console). */
export const SlackChannelSchema = z
  .object({
    kind: z.literal('slack'),
    name: NAME,
    /** Workspace id (`T…`), from the Amazon Q Developer console after authorizing the workspace. */
    workspaceId: z.string().regex(/^[0-9A-Z]{1,255}$/, 'a Slack workspace id such as T0123ABCD'),
    /** Channel id (`C…`); private channels need `/invite @Amazon Q`. */
    channelId: z.string().regex(/^[A-Za-z0-9]{1,255}$/, 'a Slack channel id such as C0123ABCD'),
  })
  .strict();

const UUID = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a GUID');

/** A Microsoft Teams channel through Amazon Q Developer in chat applications. */
export const TeamsChannelSchema = z
  .object({
    kind: z.literal('teams'),
    name: NAME,
    tenantId: UUID,
    /** The team's id (from the channel link's `groupId`). */
    teamId: UUID,
    /** The channel's id (from the channel link: `19:…@thread.tacv2`). */
    channelId: z.string().regex(/^19:[\w.-]+@thread\.(tacv2|skype)$/, 'a Teams channel id such as 19:…@thread.tacv2'),
  })
  .strict();

/** An incoming webhook (for teams without Amazon Q Developer): its URL is kept in Secrets Manager as `{"url": "…"}`. */
export const WebhookChannelSchema = z
  .object({
    kind: z.literal('webhook'),
    name: NAME,
    /** Slack incoming webhook, a Teams workflow ("Post to a channel when a webhook request is received"), or Google Chat. */
    app: z.enum(['slack', 'teams', 'google-chat']),
    secretArn: SECRET_ARN.optional(),
  })
  .strict();

/** A chat channel of a team. */
export const ChatChannelSchema = z.discriminatedUnion('kind', [
  SlackChannelSchema,
  TeamsChannelSchema,
  WebhookChannelSchema,
]);

/** Chat channels and defect trackers, per team. */
export const CollaborationConfigSchema = z
  .object({
    /** Team → its channels: each gets what the team is paged for, its updates and the resolution. */
    chat: z.record(z.string(), z.array(ChatChannelSchema).min(1).max(5)).default({}),
    /** Team → its tracker: incidents the team owns get one ticket each. */
    trackers: z.record(z.string(), TrackerSchema).default({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const [team, channels] of Object.entries(config.chat)) {
      const names = channels.map((c) => c.name);
      if (new Set(names).size !== names.length)
        ctx.addIssue({ code: 'custom', path: ['chat', team], message: 'channel names must differ within a team' });
    }
  });

/** Validated collaboration settings. */
export type CollaborationConfig = z.infer<typeof CollaborationConfigSchema>;
/** A tracker's settings. */
export type TrackerConfig = z.infer<typeof TrackerSchema>;
/** A chat channel's settings. */
export type ChatChannelConfig = z.infer<typeof ChatChannelSchema>;
/** When a team gets tickets. */
export type TicketPolicy = z.infer<typeof TicketPolicySchema>;

/** No chat, no trackers. */
export const NO_COLLABORATION: CollaborationConfig = { chat: {}, trackers: {} };
