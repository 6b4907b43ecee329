import { vValidator } from '@hono/valibot-validator';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import {
  RegistrationRequestSchema,
  type RegistrationRequest,
  type RegistrationSuccess,
} from '../../../widget/contract/index.ts';
import { isIamportError, type ImpPayment } from '../../iamport/index.ts';
import type { AppEnv } from '../app-env.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { invalidRequestHook } from '../middleware/validation-hook.ts';
import { findAlreadyPaid } from '../already-paid.ts';
import { rememberFailedAttempt } from '../failed-attempts.ts';
import { assertPgSupports } from '../pg-capabilities.ts';
import { billingKeyResultOf, billingKeyResultOfPayment, paymentResultOf } from '../results.ts';
import { ServerError, type FailureBody } from '../server-error.ts';
import type { ServerDeps } from '../server-deps.ts';
import type { RegistrationIntent } from '../server-options.ts';
import { withLock } from '../store/keyed-lock.ts';
import { verifyRegistrationToken } from '../token/verify-registration-token.ts';
import { toServerError } from '../upstream-error.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';

interface StoredOutcome {
  status: 200 | 402;
  body: RegistrationSuccess | FailureBody;
}

const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
// Longer than the client's 30 s upstream timeout plus its reconciliation call.
const LOCK = { ttlMs: 120_000, waitMs: 75_000 };

/**
 * CORS of `POST /v1/registrations` for the allowed origins. createServer applies it before the
 * body limit, so that every failure (a 413 too) stays readable by the widget on the merchant's page.
 */
export function registrationsCors(deps: Pick<ServerDeps, 'allowedOrigins'>) {
  return cors({
    origin: (origin) => (deps.allowedOrigins.has(origin) ? origin : null),
    allowMethods: ['POST'],
    allowHeaders: ['Content-Type', 'Idempotency-Key'],
    exposeHeaders: ['Retry-After', 'X-Request-Id', 'Idempotent-Replayed'],
    maxAge: 600,
  });
}

/** `POST /v1/registrations`: the widget's one call (its CORS: {@link registrationsCors}). */
export function registrationsRoute(deps: ServerDeps): Hono<AppEnv> {
  const { store, iamport, ledger } = deps;
  const app = new Hono<AppEnv>();

  async function intentOf(c: Context<AppEnv>, token: string): Promise<RegistrationIntent> {
    if (deps.authorize) {
      const intent = await deps.authorize(c);
      if (!intent) throw new ServerError('UNAUTHORIZED', 'Sign in again to register a card.');
      return intent;
    }
    return verifyRegistrationToken(token, deps.tokenSecret, deps.now);
  }

  /**
   * A payment POST refused as "already paid" may be our own earlier attempt whose answer was lost
   * (maybe made with another card: the order is paid either way). When the token stores a key, the
   * payment must have stored it for this customer: another customer's payment under a reused
   * merchant_uid is not this customer's billing key.
   */
  async function reconcileAlreadyPaid(error: unknown, intent: RegistrationIntent, amount: number) {
    if (!isIamportError(error, 'UPSTREAM_REJECTED') || !intent.merchant_uid) throw error;
    const found = await findAlreadyPaid(iamport, intent.merchant_uid);
    if (found?.status !== 'paid' || found.amount !== amount) throw error;
    if (intent.mode === 'billing_key_and_payment' && found.customer_uid !== intent.customer_uid) {
      throw error;
    }
    return found;
  }

  async function register(
    c: Context<AppEnv>,
    intent: RegistrationIntent,
    card: RegistrationRequest,
    pg: string | undefined,
  ): Promise<{ success: RegistrationSuccess; payment?: ImpPayment }> {
    const cardInput = {
      card_number: card.card_number,
      expiry: card.expiry,
      birth: card.birth,
      pwd_2digit: card.pwd_2digit,
    };
    if (intent.mode === 'billing_key') {
      const customer = await iamport.issueBillingKey(intent.customer_uid, {
        ...cardInput,
        pg,
        customer_name: intent.buyer?.name,
        customer_email: intent.buyer?.email,
        customer_tel: intent.buyer?.tel,
      });
      return {
        success: {
          status: 'success',
          mode: 'billing_key',
          billing_key: billingKeyResultOf(customer),
        },
      };
    }
    const { merchant_uid: merchantUid, amount } = intent;
    if (merchantUid === undefined || amount === undefined) {
      throw new ServerError('TOKEN_INVALID', 'The token does not say what to pay.');
    }
    const storesKey = intent.mode === 'billing_key_and_payment';
    await ledger.expect(merchantUid, { amount, customer_uid: intent.customer_uid });
    const knownFailedImpUids = await ledger.failedAttempts(merchantUid);
    const ip = deps.clientIp(c);
    const payment = await iamport
      .payOnetime(
        {
          ...cardInput,
          merchant_uid: merchantUid,
          amount,
          name: intent.name,
          pg,
          customer_uid: storesKey ? intent.customer_uid : undefined,
          buyer_name: intent.buyer?.name,
          buyer_email: intent.buyer?.email,
          buyer_tel: intent.buyer?.tel,
          notice_url: deps.noticeUrl,
          browser_ip: ip === 'unknown' ? undefined : ip,
        },
        { knownFailedImpUids },
      )
      .catch(async (error: unknown) => {
        await rememberFailedAttempt(iamport, ledger, error, merchantUid);
        return reconcileAlreadyPaid(error, intent, amount);
      });
    return {
      success: {
        status: 'success',
        mode: intent.mode,
        payment: paymentResultOf(payment),
        ...(storesKey
          ? { billing_key: billingKeyResultOfPayment(intent.customer_uid, payment) }
          : {}),
      },
      payment,
    };
  }

  /** Hooks run after the outcome is recorded: a failing hook must not turn a payment into an error. */
  async function runHooks(
    c: Context<AppEnv>,
    success: RegistrationSuccess,
    payment: ImpPayment | undefined,
  ): Promise<void> {
    const log = c.get('log');
    if (success.billing_key && deps.onBillingKeyIssued) {
      try {
        await deps.onBillingKeyIssued({
          billing_key: success.billing_key,
          request_id: c.get('requestId'),
        });
      } catch (error) {
        log('error', 'hook.on_billing_key_issued_failed', {
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
    }
    if (payment) await ledger.notify(payment, 'registration', log).catch(() => undefined);
  }

  app.post(
    '/',
    rateLimit(deps.limiter, 'perIp', deps.clientIp),
    vValidator('json', RegistrationRequestSchema, invalidRequestHook),
    async (c) => {
      const card = c.req.valid('json');
      const log = c.get('log');
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
      const nowSec = Math.floor(deps.now() / 1000);
      // Replay records outlive the token by a day so a late retry still gets its answer.
      const intentTtlMs = Math.max(60, (intent.exp ?? nowSec + 86_400) - nowSec + 86_400) * 1000;
      const idemStoreKey = idempotencyKey ? `idem:reg:${intent.jti}:${idempotencyKey}` : undefined;

      const outcome = await withLock(store, `reg:${intent.jti}`, LOCK, async () => {
        if (idemStoreKey) {
          const stored = await store.get(idemStoreKey);
          if (stored) return { ...(JSON.parse(stored) as StoredOutcome), replayed: true };
        }
        if (await store.get(`used:${intent.jti}`)) {
          throw new ServerError(
            'TOKEN_ALREADY_USED',
            'This registration has already succeeded; ask the merchant for a new page.',
          );
        }
        const attempts = Number((await store.get(`attempts:${intent.jti}`)) ?? 0);
        if (attempts >= deps.maxAttempts) {
          throw new ServerError(
            'ATTEMPTS_EXCEEDED',
            'Too many declined attempts with this page; ask the merchant for a new one.',
          );
        }
        let recorded: StoredOutcome;
        let done: { success: RegistrationSuccess; payment?: ImpPayment } | undefined;
        try {
          done = await register(c, intent, card, pg);
          recorded = { status: 200, body: done.success };
          await store.set(`used:${intent.jti}`, '1', intentTtlMs);
        } catch (error) {
          const failure = toServerError(error);
          if (failure.code !== 'CARD_DECLINED' && failure.code !== 'PG_ERROR') throw failure;
          await store.increment(`attempts:${intent.jti}`, intentTtlMs);
          recorded = { status: 402, body: failure.toBody() };
        }
        if (idemStoreKey)
          await store.set(idemStoreKey, JSON.stringify(recorded), IDEMPOTENCY_TTL_MS);
        log('info', done ? 'registration.succeeded' : 'registration.declined', {
          mode: intent.mode,
          customer_uid: intent.customer_uid,
          ...(intent.merchant_uid ? { merchant_uid: intent.merchant_uid } : {}),
          ...(recorded.body.status === 'failed' ? { code: recorded.body.code } : {}),
        });
        if (done) await runHooks(c, done.success, done.payment);
        return { ...recorded, replayed: false };
      });
      if (outcome.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(outcome.body, outcome.status);
    },
  );
  return app;
}
