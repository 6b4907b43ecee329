import type { UpstreamPayment } from '../../upstream/index.ts';
import { redactDigits, type LogFn } from '../logger.ts';
import { ServerError } from '../server-error.ts';
import type { Store } from '../store/store.ts';
import type { PaymentEvent, RefundResult } from './intents.ts';
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
     * Transaction ids (V1 imp_uids) of failed attempts answered under a merchant_uid (by any token for that order), so
     * a later attempt whose answer is lost is never judged by one of them.
     */
    async failedAttempts(merchantUid: string): Promise<string[]> {
      const raw = await store.get(storeKeys.failedAttempts(merchantUid));
      return raw ? (JSON.parse(raw) as string[]) : [];
    },

    async rememberFailedAttempt(merchantUid: string, transactionId: string): Promise<void> {
      const known = await this.failedAttempts(merchantUid);
      if (known.includes(transactionId)) return;
      // Bounded: attempts per token are bounded too, this only guards against a runaway order.
      const kept = [...known, transactionId].slice(-50);
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
      payment: UpstreamPayment,
      source: Exclude<PaymentEvent['source'], 'refund'>,
      log: LogFn,
    ): Promise<'notified' | 'duplicate'> {
      const key = storeKeys.notified(payment.transactionId, payment.status);
      return tell(key, source, payment, { source }, log);
    },

    /**
     * Tells the merchant about refunds once each (`source: "refund"`), whoever sees them first:
     * `only` (the refund route's own), or every cancellation of the payment (a cancel webhook,
     * which may announce several, or a refund made in i'mport's console). A partial refund keeps
     * the payment "paid", so the mark is per cancellation, not per status.
     */
    async notifyRefunds(
      payment: UpstreamPayment,
      log: LogFn,
      only?: RefundResult,
    ): Promise<'notified' | 'duplicate'> {
      const refunds = only ? [only] : refundsOf(payment);
      let result: 'notified' | 'duplicate' = 'duplicate';
      for (const refund of refunds) {
        const key = storeKeys.notifiedRefund(payment.transactionId, refundMark(refund));
        const told = await tell(key, 'refund', payment, { source: 'refund', refund }, log);
        if (told === 'notified') result = told;
      }
      return result;
    },
  };

  async function tell(
    key: string,
    mark: string,
    payment: UpstreamPayment,
    event: Pick<PaymentEvent, 'source' | 'refund'>,
    log: LogFn,
  ): Promise<'notified' | 'duplicate'> {
    if (!(await store.setIfAbsent(key, mark, TTL_MS.notified))) return 'duplicate';
    if (!deps.onPayment) return 'notified';
    try {
      await deps.onPayment({
        payment: paymentResultOf(payment),
        customer_uid: payment.customerId ?? undefined,
        ...event,
      });
      return 'notified';
    } catch (error) {
      await store.delete(key);
      log('error', 'hook.on_payment_failed', {
        imp_uid: payment.transactionId,
        error: error instanceof Error ? error.name : 'unknown',
        message: error instanceof Error ? redactDigits(error.message) : undefined,
      });
      throw error;
    }
  }
}

/**
 * A refund's mark: i'mport's cancellation id, else the running total it brought the payment to
 * (the refund route and a webhook compute the same one from the same cancellation).
 */
function refundMark(refund: RefundResult): string {
  return refund.cancellation_id ?? `total:${refund.refunded_total}`;
}

/** Every cancellation of a payment as a refund, oldest first; one for the total without history. */
function refundsOf(payment: UpstreamPayment): RefundResult[] {
  const history = payment.cancellations ?? [];
  if (history.length === 0) {
    if (payment.cancelledAmount <= 0) return [];
    return [
      {
        amount: payment.cancelledAmount,
        refunded_total: payment.cancelledAmount,
        remaining: payment.amount - payment.cancelledAmount,
      },
    ];
  }
  let total = 0;
  return history.map((entry) => {
    total += entry.amount;
    return {
      amount: entry.amount,
      ...(entry.id ? { cancellation_id: entry.id } : {}),
      refunded_total: total,
      remaining: payment.amount - total,
    };
  });
}

export type PaymentLedger = ReturnType<typeof createPaymentLedger>;
