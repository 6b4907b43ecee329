import type { ImpPayment } from '../../iamport/index.ts';
import { redactDigits, type LogFn } from '../logger.ts';
import { ServerError } from '../server-error.ts';
import type { Store } from '../store/store.ts';
import type { PaymentEvent } from './intents.ts';
import { paymentResultOf } from './results.ts';
import { storeKeys, TTL_MS } from './store-keys.ts';

/** What the merchant asked for under a merchant_uid, kept so webhooks can be checked. */
export interface ExpectedPayment {
  amount: number;
  customer_uid?: string | undefined;
}

/**
 * The server's memory of payments: expected amounts per merchant_uid, and which payment states
 * the merchant has already been told about (so `onPayment` fires once per state).
 */
export function createPaymentLedger(deps: {
  store: Store;
  onPayment: ((event: PaymentEvent) => void | Promise<void>) | undefined;
}) {
  const { store } = deps;
  return {
    /**
     * Records what is asked under a merchant_uid, once: webhooks and "already paid" answers are
     * judged by it, so a later request with another amount or customer must not overwrite it. Such
     * a request is refused (MERCHANT_UID_CONFLICT) before anything is sent to i'mport.
     */
    async expect(merchantUid: string, expected: ExpectedPayment): Promise<void> {
      const key = storeKeys.expected(merchantUid);
      const value = JSON.stringify(expected);
      if (await store.setIfAbsent(key, value, TTL_MS.expected)) return;
      const known = await this.expected(merchantUid);
      if (known === null) {
        // Expired between the two calls: take it now.
        await store.set(key, value, TTL_MS.expected);
        return;
      }
      const sameCustomer =
        known.customer_uid === undefined ||
        expected.customer_uid === undefined ||
        known.customer_uid === expected.customer_uid;
      if (known.amount !== expected.amount || !sameCustomer) {
        throw new ServerError(
          'MERCHANT_UID_CONFLICT',
          'This merchant_uid was already used for another amount or customer; use a new merchant_uid.',
        );
      }
    },

    async expected(merchantUid: string): Promise<ExpectedPayment | null> {
      const raw = await store.get(storeKeys.expected(merchantUid));
      return raw ? (JSON.parse(raw) as ExpectedPayment) : null;
    },

    /**
     * imp_uids of failed attempts answered under a merchant_uid (by any token for that order), so
     * a later attempt whose answer is lost is never judged by one of them.
     */
    async failedAttempts(merchantUid: string): Promise<string[]> {
      const raw = await store.get(storeKeys.failedAttempts(merchantUid));
      return raw ? (JSON.parse(raw) as string[]) : [];
    },

    async rememberFailedAttempt(merchantUid: string, impUid: string): Promise<void> {
      const known = await this.failedAttempts(merchantUid);
      if (known.includes(impUid)) return;
      // Bounded: attempts per token are bounded too, this only guards against a runaway order.
      const kept = [...known, impUid].slice(-50);
      await store.set(
        storeKeys.failedAttempts(merchantUid),
        JSON.stringify(kept),
        TTL_MS.failedAttempts,
      );
    },

    /**
     * Tells the merchant about a verified payment state once, whoever sees it first. When the hook
     * throws, the mark is removed so a later sighting (a webhook redelivery) tries again.
     */
    async notify(
      payment: ImpPayment,
      source: PaymentEvent['source'],
      log: LogFn,
    ): Promise<'notified' | 'duplicate'> {
      const key = storeKeys.notified(payment.imp_uid, payment.status);
      if (!(await store.setIfAbsent(key, source, TTL_MS.notified))) return 'duplicate';
      if (!deps.onPayment) return 'notified';
      try {
        await deps.onPayment({
          payment: paymentResultOf(payment),
          customer_uid: payment.customer_uid ?? undefined,
          source,
        });
        return 'notified';
      } catch (error) {
        await store.delete(key);
        log('error', 'hook.on_payment_failed', {
          imp_uid: payment.imp_uid,
          error: error instanceof Error ? error.name : 'unknown',
          message: error instanceof Error ? redactDigits(error.message) : undefined,
        });
        throw error;
      }
    },
  };
}

export type PaymentLedger = ReturnType<typeof createPaymentLedger>;
