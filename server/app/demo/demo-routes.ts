import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ServerError } from '../server-error.ts';
import { demoPageHtml } from './demo-page.ts';
import { demoScript } from './demo-script.ts';
import { demoStyles } from './demo-styles.ts';

export interface DemoEvent {
  time: string;
  event: string;
  merchant_uid?: unknown;
  status?: unknown;
  result?: unknown;
  reason?: unknown;
}

/** Calls this server's own HTTP API with the merchant key, as a merchant backend would. */
export type MerchantCall = (path: string, body: unknown) => Promise<Response>;

const ORDERS = {
  billing_key: {},
  payment: { amount: 15_000, name: 'Coffee beans 1 kg' },
  billing_key_and_payment: { amount: 9900, name: 'Monthly plan, first month' },
} as const;

/** The demo page's policy; `widget` is the origin its card frame and script come from. */
const csp = (widget: string) =>
  `default-src 'self'; script-src 'self' ${widget}; frame-src ${widget}; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/**
 * The other loopback name for this server: a page on `localhost` embeds the widget from
 * `127.0.0.1` and the reverse, so the demo shows isolated mode (the card in a frame of another
 * origin). Any other host serves the widget from itself (inline, with the console's warning).
 */
function widgetOrigin(url: URL): string {
  const other = { localhost: '127.0.0.1', '127.0.0.1': 'localhost' }[url.hostname];
  return other ? `${url.protocol}//${other}${url.port ? `:${url.port}` : ''}` : url.origin;
}

function userOf(body: unknown): string {
  const user = (body as { user?: unknown } | null)?.user;
  if (typeof user !== 'string' || !/^demo_[\w-]{4,40}$/.test(user)) {
    throw new ServerError('INVALID_REQUEST', 'Unknown demo user.');
  }
  return user;
}

/** What {@link demoRoutes} uses. */
export interface DemoRouteDeps {
  now: () => number;
  /** Where the sandbox's test controls are, shown on the page. */
  sandboxUrl: string | undefined;
  callMerchantApi: MerchantCall;
  /** The newest webhook outcomes, newest first. */
  events: readonly DemoEvent[];
}

/**
 * The sandbox demo (`GET /`, `/demo.js`, `/demo.css`) and its "merchant backend" under
 * `/demo/api/*`: it mints tokens and charges again through this server's own API.
 */
export function demoRoutes(deps: DemoRouteDeps): Hono<AppEnv> {
  const { callMerchantApi, events } = deps;
  const app = new Hono<AppEnv>();
  // createServer serves these through this app's fetch: a failure is answered by its onError
  // (typed, with the request id), not here.
  app.onError((error) => {
    throw error;
  });

  app.get('/', (c) => {
    const widget = widgetOrigin(new URL(c.req.url));
    c.header('Content-Security-Policy', csp(widget));
    c.header('Cache-Control', 'no-store');
    return c.html(demoPageHtml(deps.sandboxUrl, widget));
  });
  app.get('/demo.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    return c.body(demoScript);
  });
  app.get('/demo.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    return c.body(demoStyles);
  });

  app.post('/demo/api/tokens', async (c) => {
    const body: unknown = await c.req.json().catch(() => null);
    const user = userOf(body);
    const mode = (body as { mode?: unknown }).mode;
    if (mode !== 'billing_key' && mode !== 'payment' && mode !== 'billing_key_and_payment') {
      throw new ServerError('INVALID_REQUEST', 'Unknown mode.');
    }
    const res = await callMerchantApi('/v1/tokens', {
      customer_uid: user,
      mode,
      ...ORDERS[mode],
      buyer: { name: 'Demo Buyer', email: 'buyer@example.com' },
    });
    return c.json(await res.json(), res.status as 201);
  });

  app.post('/demo/api/charges', async (c) => {
    const user = userOf(await c.req.json().catch(() => null));
    const res = await callMerchantApi('/v1/charges', {
      customer_uid: user,
      merchant_uid: `demo_again_${deps.now().toString(36)}`,
      amount: 9900,
      name: 'Monthly plan, renewal',
    });
    return c.json(await res.json(), res.status as 200);
  });

  app.get('/demo/api/events', (c) => c.json({ events }));
  return app;
}
