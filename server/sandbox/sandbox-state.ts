import { randomInt } from 'node:crypto';
import type { StoredBillingKey, V2PaymentExtras } from './v2/stored-records.ts';
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
  via: SandboxPaymentAttempt['via'];
  /** The API that made it: V1 views show only V1 payments, V2 views show both. */
  version: 'V1' | 'V2';
  /** What only a V2 payment has (order name, customer, billing key, channel key…). */
  v2?: V2PaymentExtras;
  /** Insertion order, to break ties between payments started in the same second. */
  seq: number;
  /** The payment's `notice_url`, which overrides the sandbox-wide webhook URL. */
  noticeUrl: string | null;
}

/** All mutable sandbox data. Nothing here holds a full card number, expiry, birth or password. */
export class SandboxState {
  readonly customers = new Map<string, StoredCustomer>();
  /** V1 payments by imp_uid (V1's own lookups; V2 payments are not in it). */
  readonly payments = new Map<string, StoredPayment>();
  /** V2 billing keys by key, deleted ones included (V2 reports them as DELETED). */
  readonly billingKeys = new Map<string, StoredBillingKey>();
  // merchant_uid (= V2 paymentId) → every payment of either API, oldest first: the ledger. One
  // paid payment per id holds across both APIs, as V2 reads V1 payments under the same id.
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
    const stored: StoredPayment = {
      payment,
      outcome,
      via,
      version: 'V1',
      noticeUrl,
      seq: ++this.#seq,
    };
    this.payments.set(payment.imp_uid, stored);
    this.#addToLedger(stored);
    return stored;
  }

  /** Records a V2 payment attempt: in the ledger, not in V1's lookups. */
  addV2Payment(
    payment: ImpPayment,
    outcome: SandboxAttemptOutcome,
    via: 'instant' | 'billing-key',
    v2: V2PaymentExtras,
  ): StoredPayment {
    const stored: StoredPayment = {
      payment,
      outcome,
      via,
      version: 'V2',
      v2,
      noticeUrl: null,
      seq: ++this.#seq,
    };
    this.#addToLedger(stored);
    return stored;
  }

  #addToLedger(stored: StoredPayment): void {
    const { payment } = stored;
    const list = this.#byMerchantUid.get(payment.merchant_uid);
    if (list === undefined) this.#byMerchantUid.set(payment.merchant_uid, [stored]);
    else list.push(stored);
  }

  /** Every V1 payment for a merchant_uid, oldest first (what V1's lookups see). */
  paymentsFor(merchantUid: string): StoredPayment[] {
    return this.ledgerFor(merchantUid).filter((p) => p.version === 'V1');
  }

  /** Every payment of either API for a merchant_uid / paymentId, oldest first. */
  ledgerFor(merchantUid: string): StoredPayment[] {
    return [...(this.#byMerchantUid.get(merchantUid) ?? [])];
  }

  /** Whether a merchant_uid was ever paid, through either API (a later cancel does not free it). */
  wasPaid(merchantUid: string): boolean {
    return this.ledgerFor(merchantUid).some((p) => p.payment.paid_at > 0);
  }

  attempts(merchantUid?: string): SandboxPaymentAttempt[] {
    const all =
      merchantUid === undefined
        ? [...this.#byMerchantUid.values()].flat().sort((a, b) => a.seq - b.seq)
        : this.ledgerFor(merchantUid);
    return all.map(({ payment, outcome, via, version }) => ({
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
      version,
    }));
  }

  reset(): void {
    this.customers.clear();
    this.payments.clear();
    this.billingKeys.clear();
    this.#byMerchantUid.clear();
    this.#seq = 0;
  }
}
