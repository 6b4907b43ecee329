import { Buffer } from 'node:buffer';
import { timingSafeEqual } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import type { FaultAnswers, FaultInjector } from '../fault-injector.ts';
import type { SandboxDeps } from '../sandbox-deps.ts';
import { isSandboxError } from '../sandbox-error.ts';
import { billingKeyRoutes } from './billing-key-routes.ts';
import type { IdempotencyCache } from './idempotency.ts';
import { answerPortOneError, PortOneApiError, pgProviderError } from './portone-error.ts';
import { paymentRoutes } from './payment-routes.ts';

// V2 paths that V1 does not have. `GET /payments/{id}` exists in both: it is V2 only with the
// `PortOne` authorization scheme.
const V2_ONLY = /^\/billing-keys(?:\/[^/]+)?$|^\/payments\/[^/]+\/(?:instant|billing-key|cancel)$/;

/**
 * Whether a request is for PortOne V2: it uses the `PortOne` authorization scheme, or a path
 * only V2 has (POST for the payment sub-resources, which V1's GET `find/{uid}` could look like).
 */
export function isPortOneRequest(req: Request): boolean {
  const auth = req.headers.get('authorization') ?? '';
  if (/^portone\s/i.test(auth)) return true;
  const path = new URL(req.url).pathname;
  if (!V2_ONLY.test(path)) return false;
  return path.startsWith('/billing-keys') || req.method === 'POST';
}

/** A fault's answer in V2's shape: a 500 without a documented body type, a PG refusal as 502. */
const PORTONE_FAULT_ANSWERS: FaultAnswers = {
  error500: (c) =>
    c.json(
      { type: 'INTERNAL_SERVER_ERROR', message: 'Internal Server Error (sandbox fault)' },
      500,
    ),
  released: (c) =>
    c.json(
      { type: 'SERVICE_UNAVAILABLE', message: 'Service Unavailable (sandbox hang released)' },
      503,
    ),
  refuse: (c) =>
    answerPortOneError(c, pgProviderError('SANDBOX_FAULT', 'PG사 처리 실패 (sandbox fault)')),
};

/**
 * The PortOne V2 API (`api.portone.io`) of the sandbox: `Authorization: PortOne <secret>`, then
 * Idempotency-Key, then faults, then the routes (idempotency.ts says why in that order).
 */
export function portoneApp(
  deps: SandboxDeps,
  faults: FaultInjector,
  idempotency: IdempotencyCache,
): Hono {
  const app = new Hono();
  app.use('*', requireApiSecret(deps.portone.apiSecret));
  app.use('*', idempotency.middleware());
  app.use('*', faults.middleware(PORTONE_FAULT_ANSWERS));
  app.route('/', billingKeyRoutes(deps));
  app.route('/', paymentRoutes(deps));
  app.notFound((c) => c.json({ type: 'NOT_FOUND', message: 'Not Found' }, 404));
  app.onError((err, c) => {
    if (err instanceof PortOneApiError) return answerPortOneError(c, err);
    if (isSandboxError(err)) {
      // Unreadable bodies (readBody's refusals): V2 says INVALID_REQUEST.
      return answerPortOneError(c, new PortOneApiError('INVALID_REQUEST', err.message));
    }
    // Unexpected: log the error only (request bodies may hold card data).
    console.error('[sandbox] unexpected error', err.name, err.message);
    return c.json({ type: 'INTERNAL_SERVER_ERROR', message: 'Internal Server Error' }, 500);
  });
  return app;
}

function requireApiSecret(secret: string): MiddlewareHandler {
  const expected = Buffer.from(secret);
  return async function portoneAuth(c, next) {
    const match = /^portone\s+(\S+)$/i.exec(c.req.header('authorization')?.trim() ?? '');
    const given = Buffer.from(match?.[1] ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new PortOneApiError('UNAUTHORIZED', '인증 정보가 올바르지 않습니다.');
    }
    await next();
  };
}
