import { isIamportError, type IamportCallContext, type IamportClient } from '../iamport/index.ts';
import type { PaymentLedger } from './payment-ledger.ts';

/**
 * Remembers which failed record upstream belongs to an answered payment attempt, so that a later
 * attempt under the same merchant_uid whose answer is lost is never judged by it (the reconciler
 * skips these imp_uids). A PG error's answer names no imp_uid, but i'mport records the attempt:
 * the latest failed one under the merchant_uid is it.
 */
export async function rememberFailedAttempt(
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
