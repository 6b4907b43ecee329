import {
  IamportError,
  type IamportCallContext,
  type IamportClient,
  type ImpPayment,
} from '../iamport/index.ts';

/**
 * The payment behind i'mport's "already paid" refusal of a payment POST. When that lookup fails
 * the order is still paid by someone, so the answer is OUTCOME_UNKNOWN (check before paying
 * again), never UPSTREAM_UNAVAILABLE (which tells the caller that nothing happened).
 */
export async function findAlreadyPaid(
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
