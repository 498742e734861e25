import { createError } from '@middy/util';

/** A route as the router sees it. */
interface RoutePath {
  readonly method: string;
  readonly path: string;
}

const patternOf = (path: string): RegExp => new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}/?$`);

/**
 * The router's answer when no route matches the method and path: 405 with `Allow` when the path
 * exists under other methods, else 404. Both with a JSON message.
 */
export function routeNotFound(routes: readonly RoutePath[]) {
  const patterns = routes.map((route) => ({ method: route.method, pattern: patternOf(route.path) }));
  return ({ method, path }: { method: string; path: string }): never => {
    const allowed = [...new Set(patterns.filter((r) => r.pattern.test(path)).map((r) => r.method))];
    if (allowed.length > 0) {
      const error = createError(
        405,
        JSON.stringify({ message: `${method} is not allowed here; use ${allowed.join(', ')}` }),
      );
      Object.assign(error, { headers: { Allow: allowed.join(', ') } });
      throw error;
    }
    throw createError(404, JSON.stringify({ message: `no route ${method} ${path.slice(0, 200)}` }));
  };
}
