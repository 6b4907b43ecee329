import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { CardProfile } from './card-rules.ts';
import type { PgChannel } from './pg-channels.ts';
import type { ImpPayment } from './types.ts';

/** Receipts live on a reserved, never-resolving domain: the sandbox serves no receipts. */
export const RECEIPT_BASE = 'https://receipt.sandbox.invalid/';

export interface NewPaymentInput {
  impUid: string;
  merchantUid: string;
  amount: number;
  name: string | null;
  currency: string;
  channel: PgChannel;
  card: Pick<CardProfile, 'masked' | 'cardCode' | 'cardName' | 'cardType'>;
  cardQuota: number;
  buyer: Pick<
    ImpPayment,
    'buyer_name' | 'buyer_email' | 'buyer_tel' | 'buyer_addr' | 'buyer_postcode'
  >;
  customData: string | null;
  userAgent: string | null;
  customerUid: string | null;
  customerUidUsage: ImpPayment['customer_uid_usage'];
  nowSeconds: number;
}

/** A started payment record with every §5.6 field set ("never" timestamps are 0). */
export function newPayment(input: NewPaymentInput): ImpPayment {
  return {
    imp_uid: input.impUid,
    merchant_uid: input.merchantUid,
    pay_method: 'card',
    channel: 'api',
    pg_provider: input.channel.provider,
    emb_pg_provider: null,
    pg_tid: `${input.channel.pgId}${randomBytes(8).toString('hex')}`,
    pg_id: input.channel.pgId,
    sandbox: true,
    escrow: false,
    apply_num: '',
    bank_code: null,
    bank_name: null,
    card_code: input.card.cardCode,
    card_name: input.card.cardName,
    card_issuer_code: input.card.cardCode,
    card_issuer_name: input.card.cardName,
    card_publisher_code: input.card.cardCode,
    card_publisher_name: input.card.cardName,
    card_quota: input.cardQuota,
    card_number: input.card.masked,
    card_type: input.card.cardType,
    vbank_code: null,
    vbank_name: null,
    vbank_num: null,
    vbank_holder: null,
    vbank_date: 0,
    vbank_issued_at: 0,
    name: input.name,
    amount: input.amount,
    cancel_amount: 0,
    currency: input.currency,
    ...input.buyer,
    custom_data: input.customData,
    user_agent: input.userAgent,
    status: 'ready',
    started_at: input.nowSeconds,
    paid_at: 0,
    failed_at: 0,
    cancelled_at: 0,
    fail_reason: null,
    cancel_reason: null,
    receipt_url: null,
    cancel_history: [],
    cancel_receipt_urls: [],
    cash_receipt_issued: false,
    customer_uid: input.customerUid,
    customer_uid_usage: input.customerUidUsage,
    promotion: null,
  };
}

export function markPaid(payment: ImpPayment, nowSeconds: number): void {
  payment.status = 'paid';
  payment.paid_at = nowSeconds;
  payment.apply_num = String(randomInt(10_000_000, 100_000_000));
  payment.receipt_url = `${RECEIPT_BASE}${payment.imp_uid}`;
}

export function markFailed(payment: ImpPayment, nowSeconds: number, reason: string): void {
  payment.status = 'failed';
  payment.failed_at = nowSeconds;
  payment.fail_reason = reason;
}

/**
 * Cancels `amount` of a paid payment and returns the new history entry. A partial cancel leaves
 * the payment "paid"; only the last won makes it "cancelled".
 */
export function applyCancel(
  payment: ImpPayment,
  amount: number,
  reason: string,
  nowSeconds: number,
): ImpPayment['cancel_history'][number] {
  const cancellationId = randomUUID();
  const receiptUrl = `${RECEIPT_BASE}${payment.imp_uid}/cancel/${cancellationId}`;
  const entry = {
    pg_tid: payment.pg_tid,
    amount,
    cancelled_at: nowSeconds,
    reason,
    cancellation_id: cancellationId,
    receipt_url: receiptUrl,
  };
  payment.cancel_amount += amount;
  payment.cancel_history.push(entry);
  payment.cancel_receipt_urls.push(receiptUrl);
  payment.cancel_reason = reason;
  if (payment.cancel_amount >= payment.amount) {
    payment.status = 'cancelled';
    payment.cancelled_at = nowSeconds;
  }
  return entry;
}
