import { IamportError } from './errors.ts';
import { redactCardLike } from './redact.ts';
import type { ImpPayment } from './schemas.ts';

/**
 * `code 0` is not approval: only `paid` with the asked amount is. Returns the payment, or throws
 * AMOUNT_MISMATCH, CARD_DECLINED (`failed`) or OUTCOME_UNKNOWN (any other status).
 */
export function judgePayment(
  payment: ImpPayment,
  amount: number,
  what: string,
  secrets: readonly string[] = [],
): ImpPayment {
  if (payment.status === 'paid') {
    if (payment.amount === amount) return payment;
    throw new IamportError(
      'AMOUNT_MISMATCH',
      `${what}: paid ${payment.amount} where ${amount} was asked`,
      { payment },
    );
  }
  if (payment.status === 'failed') {
    throw new IamportError('CARD_DECLINED', `${what}: the card was declined`, {
      payment,
      upstreamCode: 0,
      upstreamMessage: payment.fail_reason
        ? redactCardLike(payment.fail_reason, secrets)
        : undefined,
    });
  }
  throw new IamportError(
    'OUTCOME_UNKNOWN',
    `${what}: payment is ${payment.status_raw}, not paid or failed`,
    { payment },
  );
}
