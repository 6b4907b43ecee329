import type { UpstreamPayment } from '../../upstream/index.ts';
import type { LogFn } from '../logger.ts';
import type { PaymentLedger } from './payment-ledger.ts';

/** What a webhook route answers once its payment is looked up. */
export type WebhookAnswer =
  { status: 'received'; result: 'notified' | 'duplicate' } | { status: 'ignored'; reason: string };

/**
 * The one rule for a payment a webhook announced, whichever upstream sent it: the re-queried
 * payment (never the webhook's body) must be one of this server's, for the amount the merchant
 * asked, in a final state; then `onPayment` is told once per payment state and once per refund
 * (cancellation), however often the webhook is delivered.
 */
export async function settleWebhookPayment(
  payment: UpstreamPayment,
  ledger: Pick<PaymentLedger, 'expected' | 'notify' | 'notifyRefunds'>,
  log: LogFn,
): Promise<WebhookAnswer> {
  const expected = await ledger.expected(payment.paymentId);
  const context = {
    imp_uid: payment.transactionId,
    merchant_uid: payment.paymentId,
    status: payment.status,
  };
  if (!expected) {
    log('warn', 'webhook.unknown_merchant_uid', context);
    return { status: 'ignored', reason: 'not a payment of this server' };
  }
  if (payment.amount !== expected.amount) {
    log('error', 'webhook.amount_mismatch', {
      ...context,
      amount: payment.amount,
      expected_amount: expected.amount,
    });
    return { status: 'ignored', reason: 'amount mismatch' };
  }
  if (payment.status !== 'paid' && payment.status !== 'cancelled') {
    log('info', 'webhook.not_final', context);
    return { status: 'ignored', reason: `status ${payment.status}` };
  }
  // A refund keeps the payment "paid" until nothing remains: its cancellations are told as
  // refunds (once each, whether the refund route or this webhook saw them first).
  const paid = payment.status === 'paid' ? await ledger.notify(payment, 'webhook', log) : null;
  const refunded = payment.cancelledAmount > 0 ? await ledger.notifyRefunds(payment, log) : null;
  const result = paid === 'notified' || refunded === 'notified' ? 'notified' : 'duplicate';
  log('info', 'webhook.processed', { ...context, result });
  return { status: 'received', result };
}
