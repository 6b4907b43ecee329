import type { Hono } from 'hono';
import type { RouterRoute } from 'hono/types';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * The methods the app's own routes answer on `path`, asked of the app's real router: empty when
 * the path is unknown (404), else the `Allow` list of a 405. Middleware (`app.use`, method ALL)
 * does not count as an answer. Hono serves HEAD with the GET handler, so GET implies HEAD.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function allowedMethods(app: Hono<any>, path: string): string[] {
  const allowed = new Set<string>();
  for (const method of METHODS) {
    const [matches] = app.router.match(method, path);
    const answers = matches.some(
      ([[, route]]: [[unknown, RouterRoute], unknown]) => route.method === method,
    );
    if (answers) allowed.add(method);
    if (answers && method === 'GET') allowed.add('HEAD');
  }
  return METHODS.filter((m) => allowed.has(m));
}
