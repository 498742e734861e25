/**
 * English messages for zod/mini. The API validates requests with zod/mini (a fraction of classic zod's
 * bundle: the API bundle was 1 MB with classic zod), which loads no locale by itself: every issue would
 * read "Invalid input". Modules that declare request schemas import this file for its effect. Only `en`
 * is imported, and schema modules import `zod/mini` directly: a re-exported namespace would bundle
 * every locale.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());
