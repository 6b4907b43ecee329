import { Hono, type Context } from 'hono';
import { applyCancel } from '../payment-record.ts';
import { readBody } from '../read-params.ts';
import type { SandboxDeps } from '../sandbox-deps.ts';
import { checkChannel, checkCredential, checkStore } from './card-credential.ts';
import { PortOneApiError } from './portone-error.ts';
import { assertNotPaidV2, chargeV2, checkAmount, notifyPayment } from './portone-charge.ts';
import { parseV2Input } from './parse-v2-input.ts';
import {
  BillingKeyPaymentBodySchema,
  CancelPaymentBodySchema,
  InstantPaymentBodySchema,
} from './request-schemas.ts';
import {
  cancellationView,
  currentAttempt,
  customerOf,
  paymentView,
  rfc3339,
} from './v2-records.ts';

const PAYMENT_ID_MAX = 200;

/** V2 payments: key-in (`instant`), billing-key payment, lookup and cancel, on the shared ledger. */
export function paymentRoutes(deps: SandboxDeps): Hono {
  const { state } = deps;

  const paymentIdOf = (c: Context): string => {
    const id = c.req.param('paymentId') ?? '';
    if (id.length === 0 || id.length > PAYMENT_ID_MAX) {
      throw new PortOneApiError('INVALID_REQUEST', `paymentId는 1~${PAYMENT_ID_MAX}자여야 합니다.`);
    }
    return id;
  };

  const paidAnswer = (stored: ReturnType<typeof chargeV2>) => ({
    payment: { pgTxId: stored.payment.pg_tid, paidAt: rfc3339(stored.payment.paid_at * 1000) },
  });

  return new Hono()
    .post('/payments/:paymentId/instant', async (c) => {
      const paymentId = paymentIdOf(c);
      const body = parseV2Input(InstantPaymentBodySchema, await readBody(c));
      const { credential, installmentMonth } = body.method.card;
      const channel = checkChannel(body, 'instant', credential);
      checkAmount(body.amount, body.currency);
      assertNotPaidV2(deps, paymentId);
      const card = checkCredential(credential, deps.nowMs());
      const stored = chargeV2(deps, {
        paymentId,
        via: 'instant',
        channel,
        card,
        behaviour: card.behaviour,
        orderName: body.orderName,
        amount: body.amount,
        currency: body.currency,
        installmentMonth: installmentMonth ?? 0,
        customer: customerOf(body.customer),
        customData: body.customData,
        billingKey: undefined,
        userAgent: c.req.header('user-agent') ?? null,
        webhook: body,
      });
      return c.json(paidAnswer(stored));
    })
    .post('/payments/:paymentId/billing-key', async (c) => {
      const paymentId = paymentIdOf(c);
      const body = parseV2Input(BillingKeyPaymentBodySchema, await readBody(c));
      checkStore(body.storeId);
      const key = state.billingKeys.get(body.billingKey);
      if (key === undefined) {
        throw new PortOneApiError('BILLING_KEY_NOT_FOUND', '빌링키가 존재하지 않습니다.');
      }
      if (key.deletedAt !== undefined) {
        throw new PortOneApiError('BILLING_KEY_ALREADY_DELETED', '빌링키가 이미 삭제되었습니다.');
      }
      const channel = checkChannel(body, 'billing-key', undefined, key.channel);
      checkAmount(body.amount, body.currency);
      assertNotPaidV2(deps, paymentId);
      const stored = chargeV2(deps, {
        paymentId,
        via: 'billing-key',
        channel,
        card: key.card,
        behaviour: key.behaviour,
        orderName: body.orderName,
        amount: body.amount,
        currency: body.currency,
        installmentMonth: body.installmentMonth ?? 0,
        customer: body.customer === undefined ? key.customer : customerOf(body.customer),
        customData: body.customData,
        billingKey: key.billingKey,
        userAgent: c.req.header('user-agent') ?? null,
        webhook: body,
      });
      return c.json(paidAnswer(stored));
    })
    .get('/payments/:paymentId', (c) => {
      checkStore(c.req.query('storeId'));
      const stored = currentAttempt(state.ledgerFor(paymentIdOf(c)));
      if (stored === undefined) {
        throw new PortOneApiError('PAYMENT_NOT_FOUND', '결제 건이 존재하지 않습니다.');
      }
      return c.json(paymentView(stored));
    })
    .post('/payments/:paymentId/cancel', async (c) => {
      const paymentId = paymentIdOf(c);
      const body = parseV2Input(CancelPaymentBodySchema, await readBody(c));
      checkStore(body.storeId);
      const ledger = state.ledgerFor(paymentId);
      if (ledger.length === 0) {
        throw new PortOneApiError('PAYMENT_NOT_FOUND', '결제 건이 존재하지 않습니다.');
      }
      const stored = ledger.find((p) => p.payment.paid_at > 0);
      if (stored === undefined) {
        throw new PortOneApiError('PAYMENT_NOT_PAID', '결제가 완료되지 않았습니다.');
      }
      const payment = stored.payment;
      if (payment.status === 'cancelled') {
        throw new PortOneApiError('PAYMENT_ALREADY_CANCELLED', '결제가 이미 취소되었습니다.');
      }
      const cancellable = payment.amount - payment.cancel_amount;
      if (
        body.currentCancellableAmount !== undefined &&
        body.currentCancellableAmount !== cancellable
      ) {
        throw new PortOneApiError(
          'CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN',
          `취소 가능 잔액 검증에 실패했습니다. (취소 가능 잔액: ${cancellable})`,
        );
      }
      const amount = body.amount ?? cancellable;
      if (amount > cancellable) {
        throw new PortOneApiError(
          'CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT',
          `결제 취소 금액이 취소 가능 금액을 초과합니다. (취소 가능 잔액: ${cancellable})`,
        );
      }
      const taxFree = body.taxFreeAmount ?? 0;
      if (taxFree > amount) {
        throw new PortOneApiError('INVALID_REQUEST', 'taxFreeAmount가 취소 금액보다 큽니다.');
      }
      const requestedAt = deps.nowMs();
      const entry = applyCancel(payment, amount, body.reason, deps.nowSeconds());
      // A V1 payment has no V2 extras: its cancellations report their parts as derived (tax-free 0).
      stored.v2?.cancelParts.set(entry.cancellation_id, {
        taxFree,
        vat: body.vatAmount ?? Math.round((amount - taxFree) / 11),
        requestedAt,
      });
      notifyPayment(
        deps,
        stored,
        payment.cancel_amount >= payment.amount
          ? 'Transaction.Cancelled'
          : 'Transaction.PartialCancelled',
        body,
        entry.cancellation_id,
      );
      return c.json({ cancellation: cancellationView(stored, entry.cancellation_id) });
    });
}
