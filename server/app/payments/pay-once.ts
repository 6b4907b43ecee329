import {
  isUpstreamError,
  UpstreamError,
  type BillingKeyPaymentRequest,
  type InstantPaymentRequest,
  type Upstream,
  type UpstreamCallContext,
  type UpstreamPayment,
} from '../../upstream/index.ts';
import type { Store } from '../store/store.ts';
import type { PaymentLedger } from './payment-ledger.ts';
import { lockNames } from './store-keys.ts';
import { withLock, type LockOptions } from './with-lock.ts';

export interface PayOnceDeps {
  upstream: Upstream;
  ledger: PaymentLedger;
  store: Store;
  lock: LockOptions;
}

/** A key-in payment (storing a key when `storeFor` is set) or a key charge. */
export type PaymentRequest = (
  | { kind: 'instant'; input: InstantPaymentRequest; customerUid: string }
  | { kind: 'billing-key'; input: BillingKeyPaymentRequest; customerUid: string }
) & {
  /** The HTTP request's id, for the client's log events. */
  context?: UpstreamCallContext | undefined;
};

/**
 * The one way money moves: under a lock per merchant_uid, record the expected amount once (a
 * conflicting request is refused before any upstream call), pay with the failed attempts already
 * known (so a lost answer is never judged by an older decline), remember a new failed attempt, and
 * turn the upstream's "already paid" refusal into the payment it refers to when that payment is this
 * request's own (same amount, same customer).
 *
 * Rejects with the upstream's UpstreamError (OUTCOME_UNKNOWN when the request was sent and its effect
 * could not be established: retry with the same merchant_uid only) or a ServerError.
 */
export async function payOnce(
  deps: PayOnceDeps,
  request: PaymentRequest,
): Promise<UpstreamPayment> {
  const { upstream, ledger } = deps;
  const { paymentId: merchantUid } = request.input;
  const amount = request.input.amount.total;
  const { context } = request;
  return withLock(deps.store, lockNames.payment(merchantUid), deps.lock, async () => {
    await ledger.expect(merchantUid, { amount, customer_uid: request.customerUid });
    const knownFailedTransactionIds = await ledger.failedAttempts(merchantUid);
    try {
      return request.kind === 'instant'
        ? await upstream.payInstant(request.input, { knownFailedTransactionIds }, context)
        : await upstream.payWithBillingKey(request.input, { knownFailedTransactionIds }, context);
    } catch (error) {
      await rememberFailedAttempt(upstream, ledger, error, merchantUid, context);
      if (!isUpstreamError(error, 'UPSTREAM_REJECTED')) throw error;
      // A retry whose first answer was lost: the upstream refuses the duplicate, and the paid
      // payment for the same key, amount and customer is the answer the caller is waiting for.
      // Another customer's payment under a reused merchant_uid is not.
      const found = await findAlreadyPaid(upstream, merchantUid, context);
      const charge = request.kind === 'billing-key';
      const storesKey = charge || request.input.storeFor !== undefined;
      const sameCustomer = storesKey
        ? (found?.customerId ?? (charge ? request.customerUid : null)) === request.customerUid
        : true;
      if (found?.status === 'paid' && found.amount === amount && sameCustomer) return found;
      throw error;
    }
  });
}

/**
 * Remembers which failed record upstream belongs to an answered payment attempt, so that a later
 * attempt under the same merchant_uid whose answer is lost is never judged by it (the reconciler
 * skips these transaction ids). A PG error's answer may name no attempt, but the upstream records
 * it: the latest failed one under the merchant_uid is it.
 */
async function rememberFailedAttempt(
  upstream: Upstream,
  ledger: PaymentLedger,
  error: unknown,
  merchantUid: string,
  context?: UpstreamCallContext,
): Promise<void> {
  let transactionId: string | undefined;
  if (isUpstreamError(error, 'CARD_DECLINED')) {
    transactionId = error.transactionId;
  } else if (isUpstreamError(error, 'PG_ERROR')) {
    const found = await upstream.getPayment({ paymentId: merchantUid }, context).catch(() => null);
    if (found?.status === 'failed') transactionId = found.transactionId;
  }
  if (transactionId) {
    await ledger.rememberFailedAttempt(merchantUid, transactionId).catch(() => undefined);
  }
}

/**
 * The payment behind the upstream's "already paid" refusal of a payment POST. When that lookup
 * fails the order is still paid by someone, so the answer is OUTCOME_UNKNOWN (check before paying
 * again), never UPSTREAM_UNAVAILABLE (which tells the caller that nothing happened).
 */
async function findAlreadyPaid(
  upstream: Upstream,
  merchantUid: string,
  context?: UpstreamCallContext,
): Promise<UpstreamPayment | null> {
  try {
    return await upstream.getPayment({ paymentId: merchantUid }, context);
  } catch (error) {
    throw new UpstreamError(
      'OUTCOME_UNKNOWN',
      `payment ${merchantUid}: refused as already paid, and the lookup failed`,
      { cause: error },
    );
  }
}
