import type { UpstreamBillingKey, UpstreamPayment } from '../../upstream/index.ts';
import type { BillingKeyResult, PaymentResult } from '../../../widget/contract/index.ts';

export type { BillingKeyResult, PaymentResult };

// The upstream already masks card numbers; this keeps a bug or a new PG from ever passing a full one on.
function masked(cardNumber: string | null | undefined): string {
  if (!cardNumber) return '';
  const digits = cardNumber.replace(/\D/g, '');
  if (digits.length < 13) return cardNumber;
  return `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`;
}

export function billingKeyResultOf(key: UpstreamBillingKey): BillingKeyResult {
  return {
    customer_uid: key.customerId,
    card_name: key.cardName,
    card_number: masked(key.cardNumber),
    pg_provider: key.pgProvider,
  };
}

/** The billing key stored by a key-in payment with `customer_uid`, read from the payment. */
export function billingKeyResultOfPayment(
  customerUid: string,
  payment: UpstreamPayment,
): BillingKeyResult {
  return {
    customer_uid: customerUid,
    card_name: payment.cardName,
    card_number: masked(payment.cardNumber),
    pg_provider: payment.pgProvider,
  };
}

export function paymentResultOf(payment: UpstreamPayment): PaymentResult {
  return {
    imp_uid: payment.transactionId,
    merchant_uid: payment.paymentId,
    amount: payment.amount,
    status: payment.status === 'unrecognised' ? payment.statusRaw : payment.status,
    paid_at: payment.paidAt,
    card_name: payment.cardName,
    card_number: masked(payment.cardNumber),
    receipt_url: payment.receiptUrl,
    cancel_amount: payment.cancelledAmount,
    payment_id: payment.paymentId,
    transaction_id: payment.transactionId,
  };
}
