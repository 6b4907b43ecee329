import {
  CARD_MESSAGES,
  cardDigits,
  expiryNotPast,
  luhnValid,
  profileCard,
  type CardProfile,
} from './card-rules.ts';
import type { PgChannel } from './pg-channels.ts';
import { SandboxError } from './sandbox-error.ts';

/** The card fields of an issue or onetime body, already shape-checked by the request schema. */
export interface CardInput {
  card_number: string;
  expiry: string;
  birth?: string | null | undefined;
}

/**
 * Checks a card the way i'mport and the PG do before any approval: format problems are i'mport's
 * own code 1 refusals; Luhn failures and past expiry come back from the PG as code -1.
 */
export function checkCard(input: CardInput, channel: PgChannel, nowMs: number): CardProfile {
  const digits = cardDigits(input.card_number);
  if (digits === null) {
    throw new SandboxError('INVALID_PARAMETER', 'card_number 파라메터의 형식이 올바르지 않습니다.');
  }
  if (channel.requiresBirth && (input.birth === undefined || input.birth === null)) {
    throw new SandboxError('INVALID_PARAMETER', 'birth 파라메터가 누락되었습니다.');
  }
  if (!luhnValid(digits)) throw pgError(CARD_MESSAGES.invalidNumber);
  if (!expiryNotPast(input.expiry, nowMs)) throw pgError(CARD_MESSAGES.pastExpiry);
  return profileCard(digits);
}

export function pgError(message: string): SandboxError {
  return new SandboxError('PG_ERROR', message, { impCode: -1 });
}
