import {
  IamportError,
  isIamportError,
  type AgainPaymentInput,
  type IamportCallContext,
  type IamportClient,
  type ImpPayment,
  type OnetimePaymentInput,
} from '../../iamport/index.ts';
import type { Store } from '../store/store.ts';
import type { PaymentLedger } from './payment-ledger.ts';
import { lockNames } from './store-keys.ts';
import { withLock, type LockOptions } from './with-lock.ts';

export interface PayOnceDeps {
  iamport: IamportClient;
  ledger: PaymentLedger;
  store: Store;
  lock: LockOptions;
}

/** A key-in payment (`onetime`, storing a key when `customer_uid` is set) or a key charge. */
export type PaymentRequest = (
  | { kind: 'onetime'; input: OnetimePaymentInput; customerUid: string }
  | { kind: 'again'; input: AgainPaymentInput; customerUid: string }
) & {
  /** The HTTP request's id, for the client's log events. */
  context?: IamportCallContext | undefined;
};

/**
 * The one way money moves: under a lock per merchant_uid, record the expected amount once (a
 * conflicting request is refused before any upstream call), pay with the failed attempts already
 * known (so a lost answer is never judged by an older decline), remember a new failed attempt, and
 * turn i'mport's "already paid" refusal into the payment it refers to when that payment is this
 * request's own (same amount, same customer).
 *
 * Rejects with the client's IamportError (OUTCOME_UNKNOWN when the request was sent and its effect
 * could not be established: retry with the same merchant_uid only) or a ServerError.
 */
export async function payOnce(deps: PayOnceDeps, request: PaymentRequest): Promise<ImpPayment> {
  const { iamport, ledger } = deps;
  const { merchant_uid: merchantUid, amount } = request.input;
  const { context } = request;
  return withLock(deps.store, lockNames.payment(merchantUid), deps.lock, async () => {
    await ledger.expect(merchantUid, { amount, customer_uid: request.customerUid });
    const knownFailedImpUids = await ledger.failedAttempts(merchantUid);
    try {
      return request.kind === 'onetime'
        ? await iamport.payOnetime(request.input, { knownFailedImpUids }, context)
        : await iamport.payAgain(request.input, { knownFailedImpUids }, context);
    } catch (error) {
      await rememberFailedAttempt(iamport, ledger, error, merchantUid, context);
      if (!isIamportError(error, 'UPSTREAM_REJECTED')) throw error;
      // A retry whose first answer was lost: i'mport refuses the duplicate, and the paid payment
      // for the same key, amount and customer is the answer the caller is waiting for. Another
      // customer's payment under a reused merchant_uid is not.
      const found = await findAlreadyPaid(iamport, merchantUid, context);
      const storesKey = request.kind === 'again' || request.input.customer_uid !== undefined;
      const sameCustomer = storesKey
        ? (found?.customer_uid ?? (request.kind === 'again' ? request.customerUid : null)) ===
          request.customerUid
        : true;
      if (found?.status === 'paid' && found.amount === amount && sameCustomer) return found;
      throw error;
    }
  });
}

/**
 * Remembers which failed record upstream belongs to an answered payment attempt, so that a later
 * attempt under the same merchant_uid whose answer is lost is never judged by it (the reconciler
 * skips these imp_uids). A PG error's answer names no imp_uid, but i'mport records the attempt:
 * the latest failed one under the merchant_uid is it.
 */
async function rememberFailedAttempt(
  iamport: IamportClient,
  ledger: PaymentLedger,
  error: unknown,
  merchantUid: string,
  context?: IamportCallContext,
): Promise<void> {
  let impUid: string | undefined;
  if (isIamportError(error, 'CARD_DECLINED')) {
    impUid = error.payment?.imp_uid;
  } else if (isIamportError(error, 'PG_ERROR')) {
    const found = await iamport.findPayment(merchantUid, context).catch(() => null);
    if (found?.status === 'failed') impUid = found.imp_uid;
  }
  if (impUid) await ledger.rememberFailedAttempt(merchantUid, impUid).catch(() => undefined);
}

/**
 * The payment behind i'mport's "already paid" refusal of a payment POST. When that lookup fails
 * the order is still paid by someone, so the answer is OUTCOME_UNKNOWN (check before paying
 * again), never UPSTREAM_UNAVAILABLE (which tells the caller that nothing happened).
 */
async function findAlreadyPaid(
  iamport: IamportClient,
  merchantUid: string,
  context?: IamportCallContext,
): Promise<ImpPayment | null> {
  try {
    return await iamport.findPayment(merchantUid, context);
  } catch (error) {
    throw new IamportError(
      'OUTCOME_UNKNOWN',
      `payment ${merchantUid}: refused as already paid, and the lookup failed`,
      { cause: error },
    );
  }
}
