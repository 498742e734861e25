import type { CollaborationConfig } from './config.ts';

/** The Secrets Manager secret of a tracker or webhook channel: `<team>/<name>` identifies it in the stack. */
export const secretIdOf = (team: string, name: string): string => `${team}/${name}`;

/** The teams with a channel through Amazon Q Developer (Slack, Teams): each has a chat topic. */
export const amazonQTeams = (config: CollaborationConfig): string[] =>
  Object.entries(config.chat)
    .filter(([, channels]) => channels.some((c) => c.kind !== 'webhook'))
    .map(([team]) => team);
