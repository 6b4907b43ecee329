import { randomInt } from 'node:crypto';
import type {
  CardBehaviour,
  ImpCustomer,
  ImpPayment,
  SandboxAttemptOutcome,
  SandboxPaymentAttempt,
} from './types.ts';

/** A stored billing key: the public Customer plus the scripted behaviour of its card. */
export interface StoredCustomer {
  customer: ImpCustomer;
  behaviour: CardBehaviour;
}

/** A stored payment plus how it came to be (for the test-control listing). */
export interface StoredPayment {
  payment: ImpPayment;
  outcome: SandboxAttemptOutcome;
  via: 'onetime' | 'again';
  /** Insertion order, to break ties between payments started in the same second. */
  seq: number;
  /** The payment's `notice_url`, which overrides the sandbox-wide webhook URL. */
  noticeUrl: string | null;
}

/** All mutable sandbox data. Nothing here holds a full card number, expiry, birth or password. */
export class SandboxState {
  readonly customers = new Map<string, StoredCustomer>();
  readonly payments = new Map<string, StoredPayment>();
  // merchant_uid → its payments, oldest first: find, the duplicate check and cancel all start here.
  readonly #byMerchantUid = new Map<string, StoredPayment[]>();
  #seq = 0;

  newImpUid(): string {
    for (;;) {
      const digits =
        String(randomInt(0, 1_000_000)).padStart(6, '0') +
        String(randomInt(0, 1_000_000)).padStart(6, '0');
      const id = `imps_${digits}`;
      if (!this.payments.has(id)) return id;
    }
  }

  addPayment(
    payment: ImpPayment,
    outcome: SandboxAttemptOutcome,
    via: 'onetime' | 'again',
    noticeUrl: string | null,
  ): StoredPayment {
    const stored: StoredPayment = { payment, outcome, via, noticeUrl, seq: ++this.#seq };
    this.payments.set(payment.imp_uid, stored);
    const list = this.#byMerchantUid.get(payment.merchant_uid);
    if (list === undefined) this.#byMerchantUid.set(payment.merchant_uid, [stored]);
    else list.push(stored);
    return stored;
  }

  /** Every payment for a merchant_uid, oldest first. */
  paymentsFor(merchantUid: string): StoredPayment[] {
    return [...(this.#byMerchantUid.get(merchantUid) ?? [])];
  }

  /** Whether a merchant_uid was ever paid (a later cancel does not free it). */
  wasPaid(merchantUid: string): boolean {
    return this.paymentsFor(merchantUid).some((p) => p.payment.paid_at > 0);
  }

  attempts(merchantUid?: string): SandboxPaymentAttempt[] {
    const all =
      merchantUid === undefined ? [...this.payments.values()] : this.paymentsFor(merchantUid);
    return all.map(({ payment, outcome, via }) => ({
      imp_uid: payment.imp_uid,
      merchant_uid: payment.merchant_uid,
      status: payment.status,
      outcome,
      via,
      amount: payment.amount,
      cancel_amount: payment.cancel_amount,
      customer_uid: payment.customer_uid,
      pg_provider: payment.pg_provider,
      started_at: payment.started_at,
    }));
  }

  reset(): void {
    this.customers.clear();
    this.payments.clear();
    this.#byMerchantUid.clear();
    this.#seq = 0;
  }
}
