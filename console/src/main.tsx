import { render } from 'preact';
import { IncidentPage } from './pages/incident.tsx';
import { InsightsPage } from './pages/insights.tsx';
import { Queue } from './pages/queue.tsx';
import { Silences } from './pages/silences.tsx';
import { StatusGrid } from './pages/status.tsx';
import { authenticateWith } from './api.ts';
import { href, useLocation } from './router.ts';
import { SETTINGS } from './settings.ts';
import { currentSession, signIn, signInError, signOut } from './sign-in.ts';

const PAGES = [
  ['/', 'Incidents'],
  ['/silences', 'Silences'],
  ['/status', 'Status'],
  ['/insights', 'Insights'],
] as const;

/** Who is signed in, and how they sign out; absent locally, where nobody signs in. */
interface Person {
  readonly email: string;
  readonly signOut: () => void;
}

function App({ person }: { person?: Person }) {
  const location = useLocation();
  const incident = /^\/incidents\/([^/]+)$/.exec(location.path)?.[1];
  return (
    <>
      <header>
        <nav aria-label="Console">
          <strong>Watchkeeper</strong>
          {PAGES.map(([path, name]) => (
            <a key={path} href={href(path)} aria-current={location.path === path ? 'page' : undefined}>
              {name}
            </a>
          ))}
        </nav>
        {person ? (
          <p class="local">
            Signed in as {person.email}{' '}
            <button type="button" onClick={person.signOut}>
              Sign out
            </button>
          </p>
        ) : (
          <p class="local">Local console: no sign-in (in AWS, people sign in with Cognito).</p>
        )}
      </header>
      <main>
        {incident ? (
          <IncidentPage id={decodeURIComponent(incident)} />
        ) : location.path === '/silences' ? (
          <Silences />
        ) : location.path === '/status' ? (
          <StatusGrid />
        ) : location.path === '/insights' ? (
          <InsightsPage location={location} />
        ) : (
          <Queue location={location} />
        )}
      </main>
    </>
  );
}

/** Sign the person in first where the console has a sign-in page (in AWS), then show it. */
async function start(root: HTMLElement): Promise<void> {
  const signInSettings = SETTINGS.signIn;
  let person: Person | undefined;
  if (signInSettings) {
    const failed = signInError();
    if (failed) {
      root.replaceChildren();
      render(
        <p role="alert" class="error">
          Sign-in failed: {failed}. <a href="./">Try again</a>
        </p>,
        root,
      );
      return;
    }
    const session = await currentSession(signInSettings).catch(() => undefined);
    if (!session) {
      root.textContent = 'Signing you in…';
      await signIn(signInSettings);
      return;
    }
    authenticateWith(
      async () => (await currentSession(signInSettings))?.idToken,
      async () => {
        await signIn(signInSettings);
      },
    );
    person = { email: session.email ?? 'you', signOut: () => signOut(signInSettings) };
  }
  // The page's "Loading…" placeholder goes: Preact renders beside what it did not create.
  root.replaceChildren();
  render(<App person={person} />, root);
}

const root = document.getElementById('app');
if (root) void start(root);
