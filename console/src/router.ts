import { useEffect, useState } from 'preact/hooks';

/** A console location: `#/path?query`, so that the API keeps every other path of the origin. */
export interface Location {
  readonly path: string;
  readonly params: URLSearchParams;
}

const read = (): Location => {
  const [path = '/', search = ''] = window.location.hash.replace(/^#/, '').split('?');
  return { path: path || '/', params: new URLSearchParams(search) };
};

/** The current location, updated on every hash change. */
export function useLocation(): Location {
  const [location, setLocation] = useState(read);
  useEffect(() => {
    const update = () => setLocation(read());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return location;
}

/** The href of a console page. */
export function href(path: string, params?: Record<string, string | undefined>): string {
  const search = new URLSearchParams(
    Object.entries(params ?? {}).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  ).toString();
  return `#${path}${search ? `?${search}` : ''}`;
}

/** Go to a console page. */
export function navigate(path: string, params?: Record<string, string | undefined>): void {
  window.location.hash = href(path, params).slice(1);
}
