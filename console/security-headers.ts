/**
 * The console's Content-Security-Policy, wherever it is served (the local server, CloudFront):
 * everything from its own origin, no inline script or style, no framing. `signInOrigin` is the hosted
 * sign-in page's origin, which the console calls to exchange and renew tokens.
 */
export function consoleContentSecurityPolicy(signInOrigin?: string): string {
  const connect = ["'self'", ...(signInOrigin ? [signInOrigin] : [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${connect}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}
