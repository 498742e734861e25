import { render } from 'preact';
import { IncidentPage } from './pages/incident.tsx';
import { InsightsPage } from './pages/insights.tsx';
import { Queue } from './pages/queue.tsx';
import { Silences } from './pages/silences.tsx';
import { StatusGrid } from './pages/status.tsx';
import { href, useLocation } from './router.ts';

const PAGES = [
  ['/', 'Incidents'],
  ['/silences', 'Silences'],
  ['/status', 'Status'],
  ['/insights', 'Insights'],
] as const;

function App() {
  const location = useLocation();
  const incident = /^\/incidents\/([^/]+)$/.exec(location.path)?.[1];
  const local = document.querySelector('meta[name="watchkeeper-local"]') !== null;
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
        {local && <p class="local">Local console: no sign-in (in AWS, people sign in with Cognito).</p>}
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

const root = document.getElementById('app');
if (root) {
  // The page's "Loading…" placeholder goes: Preact renders beside what it did not create.
  root.replaceChildren();
  render(<App />, root);
}
