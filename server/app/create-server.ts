import { Hono, type Handler, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './app-env.ts';
import type { DemoEvent } from './demo/demo-routes.ts';
import { bindLogger, redactDigits, type Logger } from './logger.ts';
import { apiKeyAuth } from './middleware/api-key-auth.ts';
import { discardRestOfBody } from './middleware/discard-body.ts';
import { createClientIp } from './middleware/client-ip.ts';
import { allowedMethods } from './middleware/method-not-allowed.ts';
import { createRateLimiter, rateLimit } from './middleware/rate-limit.ts';
import { requestEdge, setEdgeHeader } from './middleware/request-edge.ts';
import { loadOpenApiDocument } from './openapi/load-openapi-document.ts';
import { upstreamOf } from './upstream-of.ts';
import { instrumentRateLimiter } from './metrics/instrument-rate-limiter.ts';
import { instrumentStore } from './metrics/instrument-store.ts';
import { createServerMetrics } from './metrics/server-metrics.ts';
import { createPaymentLedger } from './payments/payment-ledger.ts';
import { createBillingKeyWatch } from './payments/billing-key-watch.ts';
import { createCustomerDoubts } from './payments/customer-doubt.ts';
import { createRegistrationLedger } from './payments/registration-ledger.ts';
import { createWebhookLookups } from './payments/webhook-lookups.ts';
import { resolveOptions } from './resolve-options.ts';
import { billingKeysRoute } from './routes/billing-keys.ts';
import { operationsRoute } from './routes/operations.ts';
import { chargesRoute } from './routes/charges.ts';
import { frameRoute } from './routes/frame.ts';
import { paymentsRoute } from './routes/payments.ts';
import { registrationsCors, registrationsRoute } from './routes/registrations.ts';
import { tokensRoute } from './routes/tokens.ts';
import { webhooksRoute } from './routes/webhooks.ts';
import { portOneWebhooksRoute } from './routes/portone-webhooks.ts';
import { standardWebhookVerifier, webhookSecretKeys } from './crypto/standard-webhook.ts';
import { widgetAssetRoute } from './routes/widget-asset.ts';
import { failureJson } from './failure-json.ts';
import { clientGone, failureOf } from './failure-of.ts';
import { ServerError } from './server-error.ts';
import type { ServerOptions } from './server-options.ts';

/**
 * The demo's routes (demo/demo-routes.ts; demo-routes.test.ts holds the two lists equal), known
 * here so that the app answers them, and 405 around them, before the demo is loaded.
 */
const DEMO_ROUTES = [
  ['GET', '/'],
  ['GET', '/demo.js'],
  ['GET', '/demo.css'],
  ['POST', '/demo/api/tokens'],
  ['POST', '/demo/api/charges'],
  ['GET', '/demo/api/events'],
] as const;

/**
 * The impcard server: a Web-standard Hono app to serve alone or mount with `app.route()`.
 * Every option is checked here, so a bad configuration fails at start-up with a
 * `ConfigError` naming the option.
 *
 * @example
 * ```ts
 * import { serve } from '@hono/node-server';
 * import { Hono } from 'hono';
 * import { createServer } from 'impcard/server';
 *
 * const impcard = createServer({
 *   impKey: process.env.IMP_KEY!,
 *   impSecret: process.env.IMP_SECRET!,
 *   tokenSecret: process.env.IMPCARD_TOKEN_SECRET!, // signs the widget's tokens
 *   apiKey: process.env.IMPCARD_API_KEY!, // the merchant backend's key for /v1/charges, …
 *   allowedOrigins: ['https://shop.example'],
 *   onPayment: async ({ payment }) => {
 *     // mark the order paid: called once per verified payment state
 *   },
 * });
 * const app = new Hono().route('/payments', impcard); // POST /payments/v1/registrations, …
 * serve(app); // Node; on Bun, Deno or Workers see impcard/bun, impcard/deno, impcard/workers
 * ```
 */
export function createServer(options: ServerOptions): Hono<AppEnv> {
  const resolved = resolveOptions(options);
  const { now, apiKey, bodyLimitBytes, demo } = resolved;
  // The demo's live webhook log: the newest webhook outcomes, taken from the log stream.
  const demoEvents: DemoEvent[] = [];
  const logger: Logger = demo
    ? (entry) => {
        if (entry.event.startsWith('webhook.')) {
          const { time, event, merchant_uid, status, result, reason } = entry;
          demoEvents.unshift({ time, event, merchant_uid, status, result, reason });
          demoEvents.length = Math.min(demoEvents.length, 50);
        }
        resolved.logger(entry);
      }
    : resolved.logger;
  // Observed from outside: the routes hold no metrics code (metrics/*).
  const metrics = createServerMetrics();
  const store = instrumentStore(resolved.store, metrics);
  // The payment rules and routes see only the upstream interface (server/upstream).
  const upstream = upstreamOf(resolved.upstream, metrics, store, bindLogger(logger, now));
  const limiter = instrumentRateLimiter(createRateLimiter(store, now, resolved.rateLimit), metrics);
  const clientIp = createClientIp({
    trustedProxies: resolved.trustedProxies,
    ...(resolved.remoteAddress ? { remoteAddress: resolved.remoteAddress } : {}),
  });
  const ledger = createPaymentLedger({ store, onPayment: resolved.onPayment });
  // A dead instance's lock never outlives the window; a waiting retry gives up well before.
  const lock = {
    ttlMs: resolved.upstreamWindowMs,
    waitMs: Math.min(resolved.upstreamWindowMs, 20_000),
  };
  const doubts = createCustomerDoubts({
    store,
    upstream,
    now,
    windowMs: resolved.upstreamWindowMs,
    log: bindLogger(logger, now),
  });
  const watch = createBillingKeyWatch({
    store,
    upstream,
    doubts,
    lock,
    now,
    windowMs: resolved.upstreamWindowMs,
    log: bindLogger(logger, now),
    onChanged: resolved.onBillingKeyChanged,
    count: () => metrics.billingKeyChanges.inc({}),
  });
  const app = new Hono<AppEnv>();

  app.use(requestEdge({ logger, now }, metrics));
  app.use('/v1/registrations', registrationsCors({ allowedOrigins: resolved.allowedOrigins }));
  const limitBody: MiddlewareHandler<AppEnv> = bodyLimit({
    maxSize: bodyLimitBytes,
    onError: async (c) => {
      // Read the rest first: a client still sending would otherwise see a reset, not this 413.
      await discardRestOfBody(c);
      c.header('Connection', 'close');
      throw new ServerError(
        'PAYLOAD_TOO_LARGE',
        `The request body is over ${bodyLimitBytes} bytes.`,
      );
    },
  });
  const declaredBodyLimit: MiddlewareHandler<AppEnv> = (c, next) => {
    // A declared length is checked without touching the body: hono's bodyLimit reads
    // `c.req.raw.body`, which turns node-server's fast body read into a web stream on every request.
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) {
      return limitBody(c, next);
    }
    return Number(length) > bodyLimitBytes ? limitBody(c, next) : next();
  };
  app.use('/v1/*', declaredBodyLimit);

  const merchantAuth = apiKeyAuth(apiKey);
  const otherLimit = rateLimit(limiter, 'perIpOther', clientIp);
  for (const path of ['/v1/tokens', '/v1/charges', '/v1/billing-keys/*', '/v1/payments/*']) {
    app.use(path, otherLimit, merchantAuth);
  }
  app.use('/v1/webhooks/*', otherLimit);

  app.route(
    '/v1/registrations',
    registrationsRoute({
      authorize: resolved.authorize,
      tokenSecret: resolved.tokenSecret,
      now,
      pg: resolved.pg,
      limiter,
      clientIp,
      onBillingKeyIssued: resolved.onBillingKeyIssued,
      ledger,
      register: {
        upstream,
        store,
        ledger,
        registrations: createRegistrationLedger(store),
        doubts,
        watch,
        lock,
        now,
        maxAttempts: resolved.maxAttempts,
        noticeUrl: resolved.noticeUrl,
      },
    }),
  );
  app.route(
    '/v1/tokens',
    tokensRoute({ tokenSecret: resolved.tokenSecret, pg: resolved.pg, now, ledger }),
  );
  app.route(
    '/v1/charges',
    chargesRoute({
      pay: { upstream, ledger, store, lock },
      ledger,
      pg: resolved.pg,
      noticeUrl: resolved.noticeUrl,
    }),
  );
  app.route('/v1/billing-keys', billingKeysRoute({ upstream, store, doubts, watch, lock }));
  app.route('/v1/payments', paymentsRoute({ upstream, ledger, refund: { upstream, store, lock } }));
  app.route(
    '/v1/webhooks/iamport',
    webhooksRoute({
      lookups: createWebhookLookups(upstream, { now }),
      ledger,
      webhookSenders: resolved.webhookSenders,
      clientIp,
    }),
  );
  if (resolved.upstream.version === 'v2') {
    const secret = resolved.upstream.webhookSecret;
    app.route(
      '/v1/webhooks/portone',
      portOneWebhooksRoute({
        lookups: createWebhookLookups(upstream, { now, idKind: 'paymentId' }),
        ledger,
        verify: secret ? standardWebhookVerifier(webhookSecretKeys(secret), now) : undefined,
        count: (kind, answer) => metrics.portoneWebhooks.inc({ kind, answer }),
      }),
    );
  }
  app.get('/healthz', (c) => c.json({ status: 'ok' as const }));
  app.route(
    '/',
    operationsRoute({ store, upstream, apiKey, metricsToken: resolved.metricsToken, metrics }),
  );
  app.get('/openapi.json', async (c) => {
    c.header('Access-Control-Allow-Origin', '*');
    return c.json(await loadOpenApiDocument());
  });
  app.route('/', widgetAssetRoute({ widgetFiles: resolved.widgetFiles }));
  app.route(
    '/',
    frameRoute({ allowedOrigins: resolved.allowedOrigins, widgetFiles: resolved.widgetFiles }),
  );
  if (demo) {
    const callMerchantApi = (path: string, body: unknown) =>
      Promise.resolve(
        app.request(path, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      );
    // Only sandbox mode shows the demo: its page, script and routes load with its first request.
    let demoApp: Promise<Hono<AppEnv>> | undefined;
    const serveDemo: Handler<AppEnv> = async (c) => {
      demoApp ??= import('./demo/demo-routes.ts').then(({ demoRoutes }) =>
        demoRoutes({ now, sandboxUrl: demo.sandboxUrl, callMerchantApi, events: demoEvents }),
      );
      return (await demoApp).fetch(c.req.raw, c.env);
    };
    for (const [method, path] of DEMO_ROUTES) app.on(method, path, serveDemo);
  }

  app.notFound((c) => {
    const allow = allowedMethods(app, c.req.path);
    if (allow.length === 0) {
      return failureJson(c, new ServerError('NOT_FOUND', 'No such route.').toBody(), 404);
    }
    c.header('Allow', allow.join(', '));
    const failure = new ServerError('METHOD_NOT_ALLOWED', `Use ${allow.join(', ')} on this path.`);
    return failureJson(c, failure.toBody(), 405);
  });
  app.onError((error, c) => {
    const failure = clientGone(error) ?? failureOf(error);
    if (failure.code === 'INTERNAL_ERROR') {
      // A bug, ours or a hook's: the log names what was thrown, never the body it was given.
      const crash = failure.cause instanceof Error ? failure.cause : failure;
      const log = c.get('log') ?? bindLogger(logger, now, c.get('requestId'));
      log('error', 'unhandled_error', {
        error: crash.name,
        message: redactDigits(crash.message),
      });
    } else if (failure.status >= 500) {
      c.get('log')?.('warn', 'upstream_failure', { code: failure.code });
    }
    if (failure.retryAfter !== undefined) {
      setEdgeHeader(c, 'Retry-After', String(failure.retryAfter));
    }
    return failureJson(c, failure.toBody(), failure.status);
  });
  return app;
}
