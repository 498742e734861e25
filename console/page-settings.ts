import { escapeHtml } from '../functions/core/escape-html.ts';

/**
 * Where a console runs, told to the app by `<meta>` tags in its index.html: the local server writes
 * them as it serves the page, `watchkeeper console publish` before it uploads it. Nothing else
 * configures the built app, so one build serves every deployment.
 */
export interface ConsoleSettings {
  /** Where the API is, relative to the console's origin: '' beside it (local), '/api' in AWS. */
  readonly api: string;
  /** The hosted sign-in page (Cognito) and the console's app client; absent: nobody signs in. */
  readonly signIn?: { readonly url: string; readonly clientId: string };
}

/** The names of the tags, read by the app (`console/src/settings.ts`). */
export const SETTINGS_META = {
  api: 'watchkeeper-api',
  signInUrl: 'watchkeeper-sign-in',
  clientId: 'watchkeeper-client',
  local: 'watchkeeper-local',
} as const;

/** The console's index.html with its settings as `<meta>` tags at the top of `<head>`. */
export function withSettings(indexHtml: string, settings: ConsoleSettings): string {
  const tags: Array<[string, string]> = [[SETTINGS_META.api, settings.api]];
  if (settings.signIn)
    tags.push([SETTINGS_META.signInUrl, settings.signIn.url], [SETTINGS_META.clientId, settings.signIn.clientId]);
  else tags.push([SETTINGS_META.local, 'no sign-in']);
  const meta = tags.map(([name, content]) => `\n    <meta name="${name}" content="${escapeHtml(content)}" />`).join('');
  if (!indexHtml.includes('<head>')) throw new Error('the console index.html has no <head>');
  return indexHtml.replace('<head>', `<head>${meta}`);
}
