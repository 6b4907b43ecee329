import { CARD_MESSAGES, type CardProfile } from './card-rules.ts';
import { pgError } from './card-input.ts';
import { markFailed, markPaid, newPayment, type NewPaymentInput } from './payment-record.ts';
import type { SandboxDeps } from './sandbox-deps.ts';
import { SandboxError } from './sandbox-error.ts';
import type { CardBehaviour, ImpPayment } from './types.ts';

export const ALREADY_PAID_MESSAGE = '이미 결제가 이루어진 거래건입니다.';

export interface ChargeInput extends Omit<NewPaymentInput, 'impUid' | 'nowSeconds' | 'card'> {
  card: Pick<CardProfile, 'masked' | 'cardCode' | 'cardName' | 'cardType'>;
  behaviour: CardBehaviour;
  via: 'onetime' | 'again';
  noticeUrl: string | null;
}

/** Refuses a merchant_uid that already has a paid payment (i'mport allows retries after failures). */
export function assertNotPaid(deps: SandboxDeps, merchantUid: string): void {
  if (deps.state.wasPaid(merchantUid)) {
    throw new SandboxError('ALREADY_PAID', ALREADY_PAID_MESSAGE, { impCode: 1 });
  }
}

/**
 * Runs one approval at the emulated PG and stores the record whatever the outcome. A decline is a
 * code 0 answer with status "failed"; a PG error is recorded as failed too but answered with
 * code -1 and no response, as i'mport does. Only a paid payment triggers a webhook.
 */
export function charge(deps: SandboxDeps, input: ChargeInput): ImpPayment {
  const now = deps.nowSeconds();
  const payment = newPayment({ ...input, impUid: deps.state.newImpUid(), nowSeconds: now });
  const pgMessage = pgFailure(input);
  if (pgMessage !== null) {
    markFailed(payment, now, pgMessage);
    deps.state.addPayment(payment, 'pg_error', input.via, input.noticeUrl);
    throw pgError(pgMessage);
  }
  if (input.behaviour === 'decline') {
    markFailed(payment, now, CARD_MESSAGES.declined);
    deps.state.addPayment(payment, 'declined', input.via, input.noticeUrl);
    return payment;
  }
  markPaid(payment, now);
  deps.state.addPayment(payment, 'paid', input.via, input.noticeUrl);
  const url = input.noticeUrl ?? deps.webhookUrl;
  if (url !== undefined) {
    deps.webhooks.send(url, {
      imp_uid: payment.imp_uid,
      merchant_uid: payment.merchant_uid,
      status: 'paid',
    });
  }
  return payment;
}

function pgFailure(input: ChargeInput): string | null {
  if (input.behaviour === 'pg_error') return CARD_MESSAGES.pgError;
  if (input.behaviour === 'expired') return CARD_MESSAGES.expired;
  if (input.cardQuota >= 2 && input.amount < 50_000) return CARD_MESSAGES.quotaUnderMinimum;
  return null;
}
