/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'puppeteer-core';
import { storeSignals } from '../../functions/core/ingest/ingest.ts';
import { parseConfig } from '../../lib/load-config.ts';
import type { ApiServer } from '../../local/api-server.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { signal } from '../helpers/signal.ts';
import { sharedBrowser, sharedConsoleBuild } from '../helpers/chromium.ts';

// Signing in as in AWS, in a real Chromium: the console (with the settings `console publish` writes)
// against a stand-in for Cognito's hosted UI that serves its documented OAuth 2.0 endpoints
// (/oauth2/authorize, /oauth2/token, /logout) and records every request, and the API's /api routes
// taking the ID token as the user pool authorizer would.
const CLIENT_ID = '4example0client0id00000000';
const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');
/** An ID token as Cognito shapes one (header.payload.signature); the stand-in authorizer knows it by value. */
const ID_TOKEN = [
  base64url(JSON.stringify({ alg: 'RS256', kid: 'k1' })),
  base64url(JSON.stringify({ email: 'jane@example.com', 'cognito:groups': ['viewer'], token_use: 'id' })),
  base64url('signature'),
].join('.');

let runtime: LocalRuntime;
let server: ApiServer;
let signInPage: Server;
let signInUrl: string;
let browser: BrowserContext;
let release: (() => Promise<void>) | undefined;
let page: Page;
let incidentId: string;
const requests: Array<{ method: string; path: string; query: URLSearchParams; body: URLSearchParams }> = [];
const tokensSeenByApi: string[] = [];

/** The hosted sign-in page's stand-in: authorize answers at once with a code, as after a sign-in. */
function startSignInPage(): Promise<void> {
  signInPage = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    let text = '';
    for await (const chunk of request) text += chunk;
    requests.push({
      method: request.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      body: new URLSearchParams(text),
    });
    const cors = { 'Access-Control-Allow-Origin': server.url };
    if (url.pathname === '/oauth2/authorize') {
      const back = `${url.searchParams.get('redirect_uri')}?code=code-1&state=${url.searchParams.get('state')}`;
      response.writeHead(302, { Location: back }).end();
    } else if (url.pathname === '/oauth2/token' && request.method === 'POST') {
      response.writeHead(200, { 'Content-Type': 'application/json', ...cors }).end(
        JSON.stringify({
          id_token: ID_TOKEN,
          access_token: 'access',
          refresh_token: 'refresh',
          expires_in: 3600,
          token_type: 'Bearer',
        }),
      );
    } else if (url.pathname === '/logout') {
      response.writeHead(302, { Location: url.searchParams.get('logout_uri') ?? '/' }).end();
    } else response.writeHead(404, cors).end();
  });
  return new Promise((resolve) =>
    signInPage.listen(0, '127.0.0.1', () => {
      signInUrl = `http://127.0.0.1:${(signInPage.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

beforeAll(async () => {
  runtime = await LocalRuntime.start({ config: parseConfig({}), escalation: false });
  await storeSignals([signal({ fingerprint: 'fpSignIn00000000000001', cluster: 'prod-eu-1' })], runtime.deps);
  incidentId = runtime.alerts.get('fpSignIn00000000000001.1')?.incidentId ?? 'missing';
  await startSignInPage();
  server = await runtime.serve({
    port: 0,
    consoleDir: sharedConsoleBuild(),
    consoleSignIn: {
      url: signInUrl,
      clientId: CLIENT_ID,
      claimsOf: (token) => {
        tokensSeenByApi.push(token);
        return token === ID_TOKEN ? { email: 'jane@example.com', 'cognito:groups': 'viewer' } : undefined;
      },
    },
  });
  ({ browser, release } = await sharedBrowser());
  page = await browser.newPage();
}, 240_000);
afterAll(async () => {
  await release?.();
  await server?.close();
  await new Promise((resolve) => signInPage?.close(resolve));
  await runtime?.close();
});

describe('signing in to the console', () => {
  it('goes to the sign-in page with PKCE, comes back to the incident it was opened on, and calls the API with the ID token', async () => {
    // Act
    await page.goto(`${server.url}/#/incidents/${incidentId}`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('#incident-title');

    // Assess
    const authorize = requests.find((r) => r.path === '/oauth2/authorize');
    const token = requests.find((r) => r.path === '/oauth2/token');
    expect(Object.fromEntries(authorize?.query ?? [])).toEqual({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: `${server.url}/`,
      scope: 'openid email profile',
      state: expect.stringMatching(/^[\w-]{22}$/),
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
    });
    const verifier = token?.body.get('code_verifier') ?? '';
    expect(Object.fromEntries(token?.body ?? [])).toEqual({
      client_id: CLIENT_ID,
      grant_type: 'authorization_code',
      code: 'code-1',
      redirect_uri: `${server.url}/`,
      code_verifier: verifier,
    });
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(authorize?.query.get('code_challenge'));
    expect(page.url()).toBe(`${server.url}/#/incidents/${incidentId}`);
    expect(await page.$eval('header', (h) => h.textContent)).toContain('Signed in as jane@example.com');
    expect(tokensSeenByApi.length).toBeGreaterThanOrEqual(2);
    expect(new Set(tokensSeenByApi)).toEqual(new Set([ID_TOKEN]));
  });

  it("shows the API's refusal when a viewer tries to acknowledge", async () => {
    // Act
    await page.click('form button[type="submit"]');
    await page.waitForFunction(() => document.body.textContent?.includes('Refused:') === true);

    // Assess
    expect(await page.$eval('body', (b) => b.textContent)).toContain(
      'Refused: only a responder may do this (acknowledge an open incident); you are a viewer',
    );
  });

  it('signs out at the sign-in page too, which sends the browser back to the console', async () => {
    // Act
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('header button')]);

    // Assess
    const logout = requests.find((r) => r.path === '/logout');
    expect(Object.fromEntries(logout?.query ?? [])).toEqual({ client_id: CLIENT_ID, logout_uri: `${server.url}/` });
    // Back without a session: the console asks the sign-in page again.
    expect(requests.filter((r) => r.path === '/oauth2/authorize').length).toBe(2);
  });

  it('says why when the sign-in page sends an error back, instead of going straight back to it', async () => {
    // Prepare
    const before = requests.length;

    // Act
    await page.goto(`${server.url}/?error=access_denied&error_description=User%20is%20disabled`, {
      waitUntil: 'networkidle0',
    });

    // Assess
    expect(await page.$eval('[role="alert"]', (p) => p.textContent)).toBe(
      'Sign-in failed: User is disabled. Try again',
    );
    expect(requests.length).toBe(before);
    expect(page.url()).toBe(`${server.url}/`);
  });
});
