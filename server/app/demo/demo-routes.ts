import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { ServerDeps } from '../server-deps.ts';
import type { DemoOptions } from '../server-options.ts';

/** The sandbox demo page (placeholder until the page lands). */
export function demoRoutes(_deps: ServerDeps, _demo: DemoOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => c.text('SANDBOX MODE — no real money moves'));
  return app;
}
