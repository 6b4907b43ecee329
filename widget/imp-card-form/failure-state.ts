import type { ErrorCode, RegistrationFailure } from '../contract/index.ts';
import type { Translation } from '../i18n/index.ts';
import type { SubmitState } from './submit-state.ts';

/** The form's state after a refusal. */
export type FailureState = Extract<SubmitState, { status: 'failure' }>;

/** Server answers worth repeating with the same Idempotency-Key: the outcome may still change. */
const RETRYABLE: ErrorCode[] = [
  'UPSTREAM_UNAVAILABLE',
  'OUTCOME_UNKNOWN',
  'STORE_UNAVAILABLE',
  'CUSTOMER_IN_DOUBT',
  'INTERNAL_ERROR',
];

/**
 * The form's state after a refusal (the server's, or the form's own `MISCONFIGURED`): its code,
 * the server's words, whether a retry with the same key may still change the outcome, and the card
 * company's reason. `t` is the texts shown when it happened, to tell the reason from our own text.
 */
export function failureState(
  failure: Pick<RegistrationFailure, 'code' | 'message'>,
  t: Translation,
): FailureState {
  const { code } = failure;
  // "Declined" alone is poor advice when the reason is a wrong password or a spent limit:
  // the card company's words come along, as the server relayed them (redacted there).
  const reason =
    (code === 'CARD_DECLINED' || code === 'PG_ERROR') &&
    failure.message !== failureMessage({ code, serverMessage: failure.message }, t)
      ? failure.message
      : '';
  return {
    status: 'failure',
    code,
    serverMessage: failure.message,
    retryable: RETRYABLE.includes(code),
    ...(reason && { reason }),
  };
}

/** A refusal's message in the texts `t`: the server's own for a code this widget does not know. */
export function failureMessage(
  s: Pick<FailureState, 'code' | 'serverMessage'>,
  t: Translation,
): string {
  // A code without a text of its own (a merchant-only code, or one newer than this widget).
  const texts: Partial<Record<ErrorCode, string>> = t.errors;
  return texts[s.code] || s.serverMessage;
}
