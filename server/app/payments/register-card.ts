import type { RegistrationRequest, RegistrationSuccess } from '../../../widget/contract/index.ts';
import {
  isUpstreamError,
  type Upstream,
  type UpstreamBillingKey,
  type UpstreamCallContext,
  type UpstreamPayment,
} from '../../upstream/index.ts';
import type { LogFn } from '../logger.ts';
import { ServerError } from '../server-error.ts';
import type { Store } from '../store/store.ts';
import { toServerError } from '../upstream-error.ts';
import type { BillingKeyWatch } from './billing-key-watch.ts';
import type { CustomerDoubts } from './customer-doubt.ts';
import type { RegistrationIntent } from './intents.ts';
import { payOnce } from './pay-once.ts';
import type { PaymentLedger } from './payment-ledger.ts';
import { cardMark, type RecordedOutcome, type RegistrationLedger } from './registration-ledger.ts';
import { billingKeyResultOf, billingKeyResultOfPayment, paymentResultOf } from './results.ts';
import { intentTtlMs, lockNames } from './store-keys.ts';
import { withLock, type LockOptions } from './with-lock.ts';

export interface RegisterDeps {
  upstream: Upstream;
  store: Store;
  ledger: PaymentLedger;
  registrations: RegistrationLedger;
  doubts: CustomerDoubts;
  watch: BillingKeyWatch;
  lock: LockOptions;
  now: () => number;
  maxAttempts: number;
  noticeUrl: string | undefined;
  log: LogFn;
}

export interface RegisterInput {
  intent: RegistrationIntent;
  card: RegistrationRequest;
  pg: string | undefined;
  idempotencyKey?: string | undefined;
  /** The customer's address, for the PG's fraud checks (V1 `browser_ip`). */
  browserIp?: string | undefined;
  /** The HTTP request's id, for the client's log events. */
  context?: UpstreamCallContext | undefined;
}

export interface RegisterOutcome extends RecordedOutcome {
  replayed: boolean;
  /** Set for a fresh success: what the hooks are told. */
  success?: RegistrationSuccess;
  payment?: UpstreamPayment;
}

/**
 * One registration (billing key, payment, or both) under the token's rules: replay a recorded
 * answer, refuse a used or exhausted token, never let two key-storing calls for one customer run
 * side by side or while an earlier one is in doubt, pay through {@link payOnce}, and record the
 * outcome. Declines (402) are answers; everything else rejects with a ServerError.
 */
export async function registerCard(
  deps: RegisterDeps,
  input: RegisterInput,
): Promise<RegisterOutcome> {
  const { intent, card, idempotencyKey } = input;
  const { registrations } = deps;
  const mark = cardMark(card.card_number);
  const last4 = card.card_number.replace(/\D/g, '').slice(-4);
  const ttlMs = intentTtlMs(intent.exp, deps.now());
  const storesKey = intent.mode !== 'payment';

  return withLock(deps.store, lockNames.registration(intent.jti), deps.lock, async () => {
    if (idempotencyKey) {
      const stored = await registrations.replay(intent.jti, idempotencyKey, mark);
      if (stored) return { ...stored, replayed: true };
    }
    await registrations.assertUsable(intent.jti, deps.maxAttempts);

    const attempt = async (): Promise<{
      success: RegistrationSuccess;
      payment?: UpstreamPayment;
    }> => {
      if (!storesKey) return call(deps, input);
      const kind = intent.mode === 'billing_key' ? 'billing_key' : 'payment';
      const { landed, lost } = await deps.doubts.settle(
        intent.customer_uid,
        { jti: intent.jti, kind, last4, context: input.context },
        (jti) => registrations.markUsed(jti, ttlMs),
      );
      if (landed) {
        deps.log('info', 'registration.resolved_in_doubt', { customer_uid: intent.customer_uid });
        return {
          success: {
            status: 'success',
            mode: 'billing_key',
            billing_key: billingKeyResultOf(landed),
          },
        };
      }
      // A watch still running (a lost call may land late) is checked now and moves to the new card.
      const carried = lost ? null : await deps.watch.before(intent.customer_uid, input.context);
      const startedMs = deps.now();
      try {
        const { key, ...done } = await call(deps, input);
        const from = lost ? { lost } : carried;
        const saved = done.success.billing_key;
        if (from && saved) {
          // The card just sent: a key-in payment's masked number may hide its last four.
          const card = { card_name: saved.card_name ?? null, last4 };
          await deps.watch.after(intent.customer_uid, { card, updatedS: key?.updatedAt }, from);
        }
        return done;
      } catch (error) {
        if (isUpstreamError(error, 'OUTCOME_UNKNOWN')) {
          // The call may still land and replace the key: hold the customer until it is known.
          // A store that is down keeps the answer OUTCOME_UNKNOWN: the record waits in memory.
          const marked = await deps.doubts.mark(intent.customer_uid, {
            jti: intent.jti,
            kind,
            last4,
            startedMs,
          });
          deps.log('warn', 'registration.customer_in_doubt', {
            customer_uid: intent.customer_uid,
            ...(marked === 'pending' ? { record: 'pending' } : {}),
          });
        }
        throw error;
      }
    };

    let recorded: RecordedOutcome;
    let done: { success: RegistrationSuccess; payment?: UpstreamPayment } | undefined;
    try {
      // Key-storing calls are upserts: for one customer, their order decides which card stays.
      done = storesKey
        ? await withLock(deps.store, lockNames.customer(intent.customer_uid), deps.lock, attempt)
        : await attempt();
      recorded = { status: 200, body: done.success };
    } catch (error) {
      const failure = toServerError(error);
      if (failure.code !== 'CARD_DECLINED' && failure.code !== 'PG_ERROR') throw failure;
      await registrations.countDecline(intent.jti, ttlMs);
      recorded = { status: 402, body: failure.toBody() };
    }
    try {
      if (done) await registrations.markUsed(intent.jti, ttlMs);
      if (idempotencyKey) await registrations.record(intent.jti, idempotencyKey, mark, recorded);
    } catch {
      // The store failed after i'mport answered: the answer stands (a payment is bound to its
      // merchant_uid upstream); only the replay protection of this intent is weaker.
      deps.log('error', 'registration.record_failed', { customer_uid: intent.customer_uid });
    }
    deps.log('info', done ? 'registration.succeeded' : 'registration.declined', {
      mode: intent.mode,
      customer_uid: intent.customer_uid,
      ...(intent.merchant_uid ? { merchant_uid: intent.merchant_uid } : {}),
      ...(recorded.body.status === 'failed' ? { code: recorded.body.code } : {}),
    });
    return { ...recorded, replayed: false, ...(done ?? {}) };
  });
}

async function call(
  deps: RegisterDeps,
  { intent, card, pg, browserIp, idempotencyKey, context }: RegisterInput,
): Promise<{ success: RegistrationSuccess; payment?: UpstreamPayment; key?: UpstreamBillingKey }> {
  // The widget keeps one Idempotency-Key per attempt, reused when it resends that attempt.
  const attempt = idempotencyKey === undefined ? undefined : `${intent.jti}:${idempotencyKey}`;
  const credentials = {
    number: card.card_number,
    expiry: card.expiry,
    birth: card.birth,
    passwordTwoDigits: card.pwd_2digit,
  };
  if (intent.mode === 'billing_key') {
    const key = await deps.upstream.issueBillingKey(
      {
        customerId: intent.customer_uid,
        card: credentials,
        channel: pg,
        buyer: intent.buyer,
        attempt,
      },
      context,
    );
    return {
      success: { status: 'success', mode: 'billing_key', billing_key: billingKeyResultOf(key) },
      key,
    };
  }
  const { merchant_uid: merchantUid, amount } = intent;
  if (merchantUid === undefined || amount === undefined) {
    throw new ServerError('TOKEN_INVALID', 'The token does not say what to pay.');
  }
  const storesKey = intent.mode === 'billing_key_and_payment';
  const payment = await payOnce(deps, {
    kind: 'instant',
    customerUid: intent.customer_uid,
    context,
    input: {
      card: credentials,
      paymentId: merchantUid,
      amount: { total: amount, currency: 'KRW' },
      orderName: intent.name,
      channel: pg,
      storeFor: storesKey ? intent.customer_uid : undefined,
      buyer: intent.buyer,
      noticeUrl: deps.noticeUrl,
      browserIp,
      attempt,
    },
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
