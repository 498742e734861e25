import { useEffect, useState } from 'preact/hooks';
import type { IncidentSummary, SilenceBody } from '../api.ts';
import { api } from '../api.ts';
import { Time } from '../format.tsx';
import { href } from '../router.ts';

const MATCHERS = ['cluster', 'namespace', 'component', 'rule', 'severity'] as const;
type Matchers = Partial<Record<(typeof MATCHERS)[number], string[]>>;

const listOf = (value: FormDataEntryValue | null): string[] =>
  String(value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** Whether a silence with these matchers would mute the incident (every named field holds one of its values). */
const mutes = (matchers: Matchers, incident: IncidentSummary): boolean =>
  Object.entries(matchers).every(
    ([field, values]) => !values?.length || values.includes(String((incident as Record<string, unknown>)[field] ?? '')),
  );

/** Silences: the active and upcoming maintenance windows, a new one with a preview, and expiry. */
export function Silences() {
  const [silences, setSilences] = useState<SilenceBody[] | undefined>();
  const [open, setOpen] = useState<IncidentSummary[]>([]);
  const [matchers, setMatchers] = useState<Matchers>({});
  const [message, setMessage] = useState<string | undefined>();

  const load = () => {
    api.silences().then(
      (list) => setSilences(list.items),
      (e: Error) => setMessage(e.message),
    );
    api.incidents({ status: 'open', limit: '100' }).then(
      (page) => setOpen(page.items),
      () => setOpen([]),
    );
  };
  useEffect(load, []);

  const read = (form: HTMLFormElement): Matchers =>
    Object.fromEntries(MATCHERS.map((m) => [m, listOf(new FormData(form).get(m))]).filter(([, v]) => v.length));

  const create = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const hours = Number(data.get('hours') || 2);
    try {
      await api.createSilence({
        matchers: read(form),
        endsAt: new Date(Date.now() + hours * 3_600_000).toISOString(),
        comment: String(data.get('comment') ?? ''),
      });
      setMessage('Silence created');
      form.reset();
      setMatchers({});
      load();
    } catch (e) {
      setMessage(`Refused: ${(e as Error).message}`);
    }
  };
  const muted = Object.keys(matchers).length ? open.filter((i) => mutes(matchers, i)) : [];

  return (
    <section aria-labelledby="silences-title">
      <h1 id="silences-title">Silences</h1>
      {message && (
        <p role="status" class="message">
          {message}
        </p>
      )}
      <form
        class="silence-form"
        onSubmit={create}
        onInput={(e) => setMatchers(read(e.currentTarget as HTMLFormElement))}
        aria-label="New silence"
      >
        {MATCHERS.map((m) => (
          <label key={m}>
            {m} (comma-separated) <input name={m} />
          </label>
        ))}
        <label>
          Hours <input name="hours" type="number" min={1} max={720} value={2} />
        </label>
        <label>
          Why <input name="comment" required />
        </label>
        <button type="submit">Create silence</button>
      </form>
      <section aria-live="polite" aria-labelledby="preview-title">
        <h2 id="preview-title">Preview</h2>
        {Object.keys(matchers).length === 0 ? (
          <p>Name at least one matcher to see which open incidents it would mute.</p>
        ) : (
          <>
            <p>
              Would mute {muted.length} of {open.length} open incident{open.length === 1 ? '' : 's'}.
            </p>
            <ul class="preview">
              {muted.map((i) => (
                <li key={i.id}>
                  <a href={href(`/incidents/${i.id}`)}>{i.title}</a>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <h2>Active and upcoming</h2>
      {silences === undefined ? (
        <p>Loading…</p>
      ) : silences.length === 0 ? (
        <p>No silences.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Matchers</th>
              <th scope="col">From</th>
              <th scope="col">Until</th>
              <th scope="col">By</th>
              <th scope="col">Why</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {silences.map((s) => (
              <tr key={s.id}>
                <td>
                  {Object.entries(s.matchers)
                    .map(([k, v]) => `${k}=${v.join('|')}`)
                    .join(', ')}
                </td>
                <td>
                  <Time iso={s.startsAt} />
                </td>
                <td>
                  <Time iso={s.endsAt} />
                </td>
                <td>{s.createdBy}</td>
                <td>{s.comment}</td>
                <td>
                  <button
                    type="button"
                    onClick={() =>
                      api.expireSilence(s.id).then(
                        () => {
                          setMessage('Silence expired');
                          load();
                        },
                        (e: Error) => setMessage(`Refused: ${e.message}`),
                      )
                    }
                  >
                    Expire
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
