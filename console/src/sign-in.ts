/**
 * Signing in at the hosted sign-in page (Cognito) with the authorization code flow and PKCE: the
 * console keeps no secret; the code verifier and state live in sessionStorage for the one round trip,
 * the tokens for the tab's session (never localStorage, which other tabs and extensions share longer).
 */

/** A signed-in person's tokens. */
export interface Session {
  readonly idToken: string;
  readonly refreshToken?: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
  /** The e-mail the user pool verified, shown on every page. */
  readonly email?: string;
}

/** Where to sign in: the hosted sign-in page and the console's app client. */
export interface SignInSettings {
  readonly url: string;
  readonly clientId: string;
}

const SESSION = 'watchkeeper.session';
const PENDING = 'watchkeeper.sign-in';

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const randomText = (bytes: number): string => base64url(crypto.getRandomValues(new Uint8Array(bytes)));

/** A PKCE verifier (43 characters of 32 random bytes) and its S256 challenge (RFC 7636). */
export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = randomText(32);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return { verifier, challenge: base64url(new Uint8Array(digest)) };
}

/** The console's own address, where the sign-in page sends people back (the app client's callback URL). */
const redirectUri = (): string => `${location.origin}/`;

/** The e-mail claim of an ID token (its signature is the API's to check, not the browser's). */
function emailOf(idToken: string): string | undefined {
  try {
    const payload = idToken.split('.')[1] ?? '';
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { email?: unknown };
    return typeof json.email === 'string' ? json.email : undefined;
  } catch {
    return undefined;
  }
}

/** Call the token endpoint (form-encoded, as OAuth 2.0 asks) and keep the session it gives. */
async function tokens(settings: SignInSettings, form: Record<string, string>, refreshToken?: string): Promise<Session> {
  const response = await fetch(`${settings.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: settings.clientId, ...form }).toString(),
  });
  if (!response.ok) throw new Error(`the sign-in page refused the ${form.grant_type} request (${response.status})`);
  const body = (await response.json()) as { id_token: string; refresh_token?: string; expires_in: number };
  const session: Session = {
    idToken: body.id_token,
    refreshToken: body.refresh_token ?? refreshToken,
    expiresAt: Date.now() + body.expires_in * 1000,
    email: emailOf(body.id_token),
  };
  sessionStorage.setItem(SESSION, JSON.stringify(session));
  return session;
}

/** Send the browser to the sign-in page, remembering where in the console it was. */
export async function signIn(settings: SignInSettings): Promise<never> {
  const { verifier, challenge } = await pkcePair();
  const state = randomText(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, hash: location.hash }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid email profile',
    state,
    code_challenge_method: 'S256',
    code_challenge: challenge,
  });
  location.assign(`${settings.url}/oauth2/authorize?${query}`);
  return new Promise<never>(() => {});
}

/**
 * The current session: finishes a sign-in the page just came back from (checking its state),
 * renews an expired one with its refresh token, or gives nothing (then call {@link signIn}).
 */
export async function currentSession(settings: SignInSettings): Promise<Session | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (code) {
    const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as {
      verifier: string;
      state: string;
      hash: string;
    } | null;
    sessionStorage.removeItem(PENDING);
    history.replaceState(null, '', `${location.pathname}${pending?.hash ?? ''}`);
    if (!pending || params.get('state') !== pending.state) return undefined;
    return tokens(settings, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      code_verifier: pending.verifier,
    });
  }
  const kept = JSON.parse(sessionStorage.getItem(SESSION) ?? 'null') as Session | null;
  if (kept && kept.expiresAt - 60_000 > Date.now()) return kept;
  if (kept?.refreshToken) {
    try {
      return await tokens(
        settings,
        { grant_type: 'refresh_token', refresh_token: kept.refreshToken },
        kept.refreshToken,
      );
    } catch {
      sessionStorage.removeItem(SESSION);
    }
  }
  return undefined;
}

/**
 * What the sign-in page said went wrong (`?error=…&error_description=…`), if it sent the browser back
 * with an error: shown instead of sending the person straight back into the same failure.
 */
export function signInError(): string | undefined {
  const params = new URLSearchParams(location.search);
  const error = params.get('error');
  if (!error) return undefined;
  history.replaceState(null, '', location.pathname);
  return params.get('error_description') ?? error;
}

/** Forget the session and end it at the sign-in page too. */
export function signOut(settings: SignInSettings): void {
  sessionStorage.removeItem(SESSION);
  const query = new URLSearchParams({ client_id: settings.clientId, logout_uri: redirectUri() });
  location.assign(`${settings.url}/logout?${query}`);
}
