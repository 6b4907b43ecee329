import type { ImpCustomer, ImpPayment } from '../../iamport/index.ts';
import type { BillingKeyResult, PaymentResult } from '../../../widget/contract/index.ts';

export type { BillingKeyResult, PaymentResult };

// i'mport already masks card numbers; this keeps a bug or a new PG from ever passing a full one on.
function masked(cardNumber: string | null | undefined): string {
  if (!cardNumber) return '';
  const digits = cardNumber.replace(/\D/g, '');
  if (digits.length < 13) return cardNumber;
  return `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`;
}

export function billingKeyResultOf(customer: ImpCustomer): BillingKeyResult {
  return {
    customer_uid: customer.customer_uid,
    card_name: customer.card_name ?? null,
    card_number: masked(customer.card_number),
    pg_provider: customer.pg_provider ?? null,
  };
}

/** The billing key stored by a key-in payment with `customer_uid`, read from the payment. */
export function billingKeyResultOfPayment(
  customerUid: string,
  payment: ImpPayment,
): BillingKeyResult {
  return {
    customer_uid: customerUid,
    card_name: payment.card_name ?? null,
    card_number: masked(payment.card_number),
    pg_provider: payment.pg_provider ?? null,
  };
}

export function paymentResultOf(payment: ImpPayment): PaymentResult {
  return {
    imp_uid: payment.imp_uid,
    merchant_uid: payment.merchant_uid,
    amount: payment.amount,
    status: payment.status === 'unrecognised' ? payment.status_raw : payment.status,
    paid_at: payment.paid_at,
    card_name: payment.card_name ?? null,
    card_number: masked(payment.card_number),
    receipt_url: payment.receipt_url ?? null,
    cancel_amount: payment.cancel_amount,
  };
}
