import { vValidator } from '@hono/valibot-validator';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import {
  RegistrationRequestSchema,
  type RegistrationSuccess,
} from '../../../widget/contract/index.ts';
import type { UpstreamPayment } from '../../upstream/index.ts';
import type { AppEnv } from '../app-env.ts';
import { jsonBody } from '../middleware/json-body.ts';
import { redactDigits } from '../logger.ts';
import { failureJson } from '../failure-json.ts';
import { rateLimit, type RateLimiter } from '../middleware/rate-limit.ts';
import { setEdgeHeader } from '../middleware/request-edge.ts';
import { invalidRequestHook } from '../middleware/validation-hook.ts';
import type { LogFn } from '../logger.ts';
import type { PaymentLedger } from '../payments/payment-ledger.ts';
import { registerCard, type RegisterDeps } from '../payments/register-card.ts';
import { assertPgSupports } from '../pg-capabilities.ts';
import { ServerError } from '../server-error.ts';
import type { RegistrationIntent } from '../payments/intents.ts';
import type { ServerOptions } from '../server-options.ts';
import { verifyRegistrationToken } from '../token/verify-registration-token.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';

/**
 * CORS of `POST /v1/registrations` for the allowed origins. createServer applies it before the
 * body limit, so that every failure (a 413 too) stays readable by the widget on the merchant's page.
 * Preflights are hono's `cors`. On the POST itself, hono's `cors` would write its headers onto
 * `c.res` before the handler runs, and Hono then copies them onto a second, real Response after
 * it: about 9% of a refused request's CPU (`npm run bench -- --only=profile
 * --profile-rejection=luhn`). The same headers, set before the handler as the request edge sets
 * its own (setEdgeHeader), cost next to nothing.
 */
export function registrationsCors(deps: {
  allowedOrigins: ReadonlySet<string>;
}): MiddlewareHandler<AppEnv> {
  const allowOrigin = (origin: string) => (deps.allowedOrigins.has(origin) ? origin : null);
  const exposeHeaders = ['Retry-After', 'X-Request-Id', 'Idempotent-Replayed'];
  const preflight = cors({
    origin: allowOrigin,
    allowMethods: ['POST'],
    allowHeaders: ['Content-Type', 'Idempotency-Key'],
    exposeHeaders,
    maxAge: 600,
  });
  const exposed = exposeHeaders.join(',');
  // Not async: it hands on next()'s promise rather than awaiting it in a promise of its own.
  return function registrationsCorsMiddleware(c, next) {
    if (c.req.method === 'OPTIONS') {
      const asking = c.req.header('origin');
      // The browser hides a refused preflight from the page ("network error"): say it here.
      if (asking && !allowOrigin(asking)) {
        c.get('log')?.('warn', 'cors.origin_refused', { origin: asking.slice(0, 100) });
      }
      return preflight(c, next);
    }
    const origin = allowOrigin(c.req.header('origin') ?? '');
    if (origin) setEdgeHeader(c, 'Access-Control-Allow-Origin', origin);
    setEdgeHeader(c, 'Access-Control-Expose-Headers', exposed);
    setEdgeHeader(c, 'Vary', 'Origin');
    return next();
  };
}

/** What {@link registrationsRoute} uses. */
export interface RegistrationsRouteDeps {
  /** Replaces tokens when set (the `authorize` option). */
  authorize: ServerOptions['authorize'];
  tokenSecret: string;
  now: () => number;
  /** The default PG, when the intent names none. */
  pg: string | undefined;
  limiter: RateLimiter;
  clientIp: (c: Context) => string;
  onBillingKeyIssued: ServerOptions['onBillingKeyIssued'];
  ledger: Pick<PaymentLedger, 'notify'>;
  /** The payment rules' own needs, but for the request's logger. */
  register: Omit<RegisterDeps, 'log'>;
}

/** `POST /v1/registrations`: the widget's one call (its CORS: {@link registrationsCors}). */
export function registrationsRoute(deps: RegistrationsRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Named one by one: a spread of a large options object per request cost 20 µs of CPU on
  // Node 20 (a literal: 0.03 µs).
  const { register } = deps;
  const registerDeps = (log: LogFn): RegisterDeps => ({
    upstream: register.upstream,
    store: register.store,
    ledger: register.ledger,
    registrations: register.registrations,
    doubts: register.doubts,
    watch: register.watch,
    lock: register.lock,
    now: register.now,
    maxAttempts: register.maxAttempts,
    noticeUrl: register.noticeUrl,
    log,
  });

  async function intentOf(c: Context<AppEnv>, token: string): Promise<RegistrationIntent> {
    if (deps.authorize) {
      const intent = await deps.authorize(c);
      if (!intent) throw new ServerError('UNAUTHORIZED', 'Sign in again to register a card.');
      return intent;
    }
    return verifyRegistrationToken(token, deps.tokenSecret, deps.now);
  }

  /** Hooks run after the outcome is recorded: a failing hook must not turn a payment into an error. */
  async function runHooks(
    c: Context<AppEnv>,
    success: RegistrationSuccess,
    payment: UpstreamPayment | undefined,
  ): Promise<void> {
    const log = c.get('log');
    if (success.billing_key && deps.onBillingKeyIssued) {
      try {
        await deps.onBillingKeyIssued({
          billing_key: success.billing_key,
          request_id: c.get('requestId'),
        });
      } catch (error) {
        // i'mport sends no webhook for a billing key: this line is how the merchant learns that
        // a card was saved that the hook did not record (GET /v1/billing-keys/{customer_uid}).
        log('error', 'hook.on_billing_key_issued_failed', {
          customer_uid: success.billing_key.customer_uid,
          error: error instanceof Error ? error.name : 'unknown',
          message: error instanceof Error ? redactDigits(error.message) : undefined,
        });
      }
    }
    if (payment) await deps.ledger.notify(payment, 'registration', log).catch(() => undefined);
  }

  app.post(
    '/',
    rateLimit(deps.limiter, 'perIp', deps.clientIp),
    jsonBody(vValidator('json', RegistrationRequestSchema, invalidRequestHook)),
    async (c) => {
      const card = c.req.valid('json');
      const intent = await intentOf(c, card.token);
      await deps.limiter.hit('perToken', intent.jti);
      await deps.limiter.hit('perCustomer', intent.customer_uid);
      const idempotencyKey = idempotencyKeyOf(c);
      const pg = intent.pg ?? deps.pg;
      assertPgSupports({
        pg,
        flow: intent.mode,
        hasPwd2digit: card.pwd_2digit !== undefined,
        buyer: intent.buyer,
      });
      const ip = deps.clientIp(c);
      const outcome = await registerCard(registerDeps(c.get('log')), {
        intent,
        card,
        pg,
        idempotencyKey,
        browserIp: ip === 'unknown' ? undefined : ip,
        context: { requestId: c.get('requestId') },
      });
      if (outcome.success) await runHooks(c, outcome.success, outcome.payment);
      if (outcome.replayed) {
        c.header('Idempotent-Replayed', 'true');
        c.set('replayed', true);
      }
      return outcome.body.status === 'failed'
        ? failureJson(c, outcome.body, outcome.status)
        : c.json(outcome.body, outcome.status);
    },
  );
  return app;
}
