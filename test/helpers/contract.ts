import { ROUTE_TABLE } from '../../functions/api/route-table.ts';
import { ErrorSchema } from '../../functions/operations/schemas.ts';

const ROUTES = ROUTE_TABLE.map((route) => ({
  ...route,
  pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}/?$`),
}));

/**
 * Check an answer of the API against the documented contract: a success body against its route's
 * response schema, an error body against the error schema. Throws, naming the route and the field.
 */
export function assertContract(method: string, path: string, status: number, body: unknown): void {
  const pathname = path.split('?')[0];
  const route = ROUTES.find((r) => r.method === method && r.pattern.test(pathname));
  if (status >= 400) {
    const parsed = ErrorSchema.safeParse(body);
    if (!parsed.success)
      throw new Error(`${method} ${path} answered ${status} without {"message"}: ${JSON.stringify(body)}`);
    return;
  }
  if (!route || !('response' in route) || status !== route.status) return;
  const parsed = route.response.safeParse(body);
  if (!parsed.success) {
    throw new Error(
      `${method} ${route.path} broke its documented response: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`,
    );
  }
}
