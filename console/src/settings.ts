import type { ConsoleSettings } from '../page-settings.ts';
import { SETTINGS_META } from '../page-settings.ts';

const meta = (name: string): string | undefined =>
  (document.querySelector(`meta[name="${name}"]`) as HTMLMetaElement | null)?.content;

/** Where this console runs, as its index.html says (`console/page-settings.ts`). */
export function readSettings(): ConsoleSettings {
  const url = meta(SETTINGS_META.signInUrl);
  const clientId = meta(SETTINGS_META.clientId);
  return { api: meta(SETTINGS_META.api) ?? '', ...(url && clientId ? { signIn: { url, clientId } } : {}) };
}

/** The settings, read once. */
export const SETTINGS: ConsoleSettings = readSettings();
