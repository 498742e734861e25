import { createHash } from 'node:crypto';

/** The link pages' one stylesheet, inline (its hash is in their policy: nothing else may style them). */
const CSS =
  'body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}' +
  'button{font-size:1.2rem;padding:.8rem 1.6rem}form{display:inline-block;margin-right:.5rem}';

/**
 * The Content-Security-Policy of the link pages (acknowledge, approve or reject): their forms post to
 * their own origin and nowhere else, their stylesheet is the one above, and nothing else loads or runs
 * — no script, no frame, no other form target. (The API's JSON answers keep the strict default, with
 * `form-action 'none'` and `sandbox`, under which a person's click would send nothing.)
 */
export const LINK_PAGE_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'`,
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The small page behind an acknowledgement or action link (a button, so link scanners never decide); `more` is HTML after the text. */
export function ackPage(title: string, text: string, more?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style>${CSS}</style></head>
<body><h1>${title}</h1><p>${text}</p>${more ?? ''}</body></html>`;
}
