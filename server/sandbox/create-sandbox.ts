import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { except } from 'hono/combine';
import { requireToken } from './auth-middleware.ts';
import { CallCounter } from './call-counter.ts';
import { fail } from './envelope.ts';
import { FaultInjector } from './fault-injector.ts';
import { MAX_BODY_BYTES, tooLarge } from './read-params.ts';
import { controlRoutes } from './routes/control-routes.ts';
import { customerRoutes } from './routes/customer-routes.ts';
import { paymentRoutes } from './routes/payment-routes.ts';
import { pgSettingRoutes } from './routes/pg-setting-routes.ts';
import { subscribePaymentRoutes } from './routes/subscribe-payment-routes.ts';
import { tokenRoutes } from './routes/token-routes.ts';
import type { SandboxDeps } from './sandbox-deps.ts';
import { isSandboxError, SandboxConfigError } from './sandbox-error.ts';
import { SandboxState } from './sandbox-state.ts';
import { TokenIssuer } from './token-issuer.ts';
import type { Sandbox, SandboxOptions } from './types.ts';
import { WebhookDispatcher } from './webhook-dispatcher.ts';
import { IdempotencyCache } from './v2/idempotency.ts';
import { answerPortOneError, PortOneApiError } from './v2/portone-error.ts';
import { isPortOneRequest, portoneApp } from './v2/portone-app.ts';
import {
  DEFAULT_PORTONE_API_SECRET,
  DEFAULT_PORTONE_WEBHOOK_SECRET,
} from './v2/portone-defaults.ts';
import { webhookSecretKey } from './v2/standard-webhook.ts';

export const DEFAULT_IMP_KEY = 'sandbox_imp_key';
export const DEFAULT_IMP_SECRET = 'sandbox_imp_secret';

/**
 * Builds an emulator of `api.iamport.kr` (i'mport, PortOne V1) and of `api.portone.io` (PortOne
 * V2) on one app and one ledger (docs/sandbox.md). Options are checked once here; a bad one
 * throws SandboxConfigError naming it.
 */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const nowMs = options.now ?? Date.now;
  const impKey = options.impKey ?? DEFAULT_IMP_KEY;
  const impSecret = options.impSecret ?? DEFAULT_IMP_SECRET;
  if (impKey === '' || impSecret === '')
    throw new SandboxConfigError('impKey and impSecret must not be empty');
  if (options.webhookUrl !== undefined && !URL.canParse(options.webhookUrl)) {
    throw new SandboxConfigError('webhookUrl must be an absolute URL');
  }
  if (options.webhookFormat !== undefined && !['json', 'form'].includes(options.webhookFormat)) {
    throw new SandboxConfigError("webhookFormat must be 'json' or 'form'");
  }
  const missingCustomerStatus = options.missingCustomerStatus ?? 200;
  if (missingCustomerStatus !== 200 && missingCustomerStatus !== 404) {
    throw new SandboxConfigError('missingCustomerStatus must be 200 or 404');
  }
  const nowSeconds = (): number => Math.floor(nowMs() / 1000);
  const portoneApiSecret = options.portoneApiSecret ?? DEFAULT_PORTONE_API_SECRET;
  if (!/^\S+$/.test(portoneApiSecret)) {
    throw new SandboxConfigError('portoneApiSecret must be non-empty, without spaces');
  }
  const given = options.portoneWebhookSecret ?? DEFAULT_PORTONE_WEBHOOK_SECRET;
  const webhookSecrets = typeof given === 'string' ? [given] : [...given];
  if (webhookSecrets.length === 0) {
    throw new SandboxConfigError('portoneWebhookSecret must name at least one secret');
  }
  for (const secret of webhookSecrets) {
    try {
      webhookSecretKey(secret);
    } catch {
      throw new SandboxConfigError('portoneWebhookSecret must be base64, optionally after whsec_');
    }
  }
  if (options.portoneWebhookUrl !== undefined && !URL.canParse(options.portoneWebhookUrl)) {
    throw new SandboxConfigError('portoneWebhookUrl must be an absolute URL');
  }

  const state = new SandboxState();
  const tokens = new TokenIssuer(nowSeconds);
  const webhooks = new WebhookDispatcher({
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
    duplicate: options.duplicateWebhooks ?? false,
    anyHost: options.webhookAnyHost ?? false,
    format: options.webhookFormat ?? 'json',
    nowMs,
  });
  const faults = new FaultInjector();
  const calls = new CallCounter();
  const deps: SandboxDeps = {
    state,
    tokens,
    webhooks,
    impKey,
    impSecret,
    webhookUrl: options.webhookUrl,
    missingCustomerStatus,
    portone: {
      apiSecret: portoneApiSecret,
      webhookSecrets,
      webhookUrl: options.portoneWebhookUrl,
    },
    nowMs,
    nowSeconds,
  };
  const idempotency = new IdempotencyCache(nowMs);
  const reset = (): void => {
    state.reset();
    tokens.reset();
    faults.reset();
    calls.reset();
    webhooks.reset();
    idempotency.reset();
  };

  const app = new Hono();
  app.use('*', calls.middleware());
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        isPortOneRequest(c.req.raw)
          ? answerPortOneError(c, new PortOneApiError('INVALID_REQUEST', tooLarge().message))
          : fail(c, tooLarge()),
    }),
  );
  if (options.testControls === true) app.route('/', controlRoutes({ deps, faults, calls, reset }));
  // V2 requests go to their own app (own auth, error shape, fault answers, idempotency); the
  // request, and the Node socket a `drop` fault needs, pass through unchanged.
  const portone = portoneApp(deps, faults, idempotency);
  app.use(
    '*',
    except('/__sandbox/*', async function dispatchPortOne(c, next) {
      if (!isPortOneRequest(c.req.raw)) return next();
      return portone.fetch(c.req.raw, c.env);
    }),
  );
  // Test controls stay reachable whatever faults are queued, and need no token.
  app.use('*', except('/__sandbox/*', faults.middleware()));
  app.route('/', tokenRoutes(deps));
  app.use('*', except('/__sandbox/*', requireToken(tokens)));
  app.route('/', customerRoutes(deps));
  app.route('/', subscribePaymentRoutes(deps));
  app.route('/', paymentRoutes(deps));
  app.route('/', pgSettingRoutes());

  app.notFound((c) => c.json({ code: -1, message: 'Not Found', response: null }, 404));
  app.onError((err, c) => {
    if (isSandboxError(err)) return fail(c, err);
    // Unexpected: answer with the envelope and log the error only (request bodies may hold card data).
    console.error('[sandbox] unexpected error', err.name, err.message);
    return c.json({ code: -1, message: 'Internal Server Error', response: null }, 500);
  });

  return {
    app,
    injectFault: (spec) => void faults.add(spec),
    reset,
    attempts: (merchantUid) => state.attempts(merchantUid),
    callCount: (path, method) => calls.count(path, method),
    webhooks: webhooks.deliveries,
    portoneWebhooks: webhooks.portoneDeliveries,
    webhooksSettled: () => webhooks.settled(),
    releaseHangs: () => faults.releaseHangs(),
  };
}
