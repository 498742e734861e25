import type { CollaborationConfig } from '../../functions/core/collaboration/config.ts';
import { CollaborationConfigSchema } from '../../functions/core/collaboration/config.ts';

/**
 * The chat channels and trackers `npm start` shows when the configuration names none: operations in
 * Slack and platform in Microsoft Teams (Amazon Q Developer), security on a Google Chat webhook,
 * development filing GitHub issues and devops Jira tickets. Nothing leaves the machine: the requests
 * are answered locally and shown in the outbox.
 */
export const DEMO_COLLABORATION: CollaborationConfig = CollaborationConfigSchema.parse({
  chat: {
    operations: [{ kind: 'slack', name: 'ops-incidents', workspaceId: 'T0DEMO0001', channelId: 'C0DEMO0001' }],
    platform: [
      {
        kind: 'teams',
        name: 'platform-oncall',
        tenantId: '00000000-0000-4000-8000-000000000001',
        teamId: '00000000-0000-4000-8000-000000000002',
        channelId: '19:demo@thread.tacv2',
      },
    ],
    security: [{ kind: 'webhook', name: 'secops', app: 'google-chat' }],
  },
  trackers: {
    development: { type: 'github', repository: 'example/shop' },
    devops: { type: 'jira', siteUrl: 'https://example.atlassian.net', project: 'OPS' },
  },
});

/** The demo's secrets: what would be in Secrets Manager. */
export const DEMO_SECRETS: Readonly<Record<string, Record<string, string>>> = {
  'development/tracker': { token: 'demo-github-token' },
  'devops/tracker': { email: 'watchkeeper@example.com', apiToken: 'demo-jira-token' },
  'security/secops': { url: 'https://chat.googleapis.com/v1/spaces/DEMO/messages?key=demo-key&token=demo-token' },
};
