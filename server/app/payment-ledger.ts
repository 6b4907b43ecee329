import type { ImpPayment } from '../iamport/index.ts';
import type { LogFn } from './logger.ts';
import { paymentResultOf } from './results.ts';
import type { PaymentEvent, ResolvedOptions } from './server-options.ts';

/** What the merchant asked for under a merchant_uid, kept so webhooks can be checked. */
export interface ExpectedPayment {
  amount: number;
  customer_uid?: string | undefined;
}

// Webhooks can come days later (cancellations, late Paymentwall approvals).
const EXPECTED_TTL_MS = 35 * 24 * 3600 * 1000;

/**
 * The server's memory of payments: expected amounts per merchant_uid, and which payment states
 * the merchant has already been told about (so `onPayment` fires once per state).
 */
export function createPaymentLedger(deps: Pick<ResolvedOptions, 'store' | 'onPayment'>) {
  const { store } = deps;
  return {
    async expect(merchantUid: string, expected: ExpectedPayment): Promise<void> {
      await store.set(`expect:${merchantUid}`, JSON.stringify(expected), EXPECTED_TTL_MS);
    },

    async expected(merchantUid: string): Promise<ExpectedPayment | null> {
      const raw = await store.get(`expect:${merchantUid}`);
      return raw ? (JSON.parse(raw) as ExpectedPayment) : null;
    },

    /**
     * imp_uids of failed attempts answered under a merchant_uid (by any token for that order), so
     * a later attempt whose answer is lost is never judged by one of them.
     */
    async failedAttempts(merchantUid: string): Promise<string[]> {
      const raw = await store.get(`failed:${merchantUid}`);
      return raw ? (JSON.parse(raw) as string[]) : [];
    },

    async rememberFailedAttempt(merchantUid: string, impUid: string): Promise<void> {
      const known = await this.failedAttempts(merchantUid);
      if (known.includes(impUid)) return;
      // Bounded: attempts per token are bounded too, this only guards against a runaway order.
      const kept = [...known, impUid].slice(-50);
      await store.set(`failed:${merchantUid}`, JSON.stringify(kept), EXPECTED_TTL_MS);
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
      const key = `notified:${payment.imp_uid}:${payment.status}`;
      if (!(await store.setIfAbsent(key, source, EXPECTED_TTL_MS))) return 'duplicate';
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
        });
        throw error;
      }
    },
  };
}

export type PaymentLedger = ReturnType<typeof createPaymentLedger>;
