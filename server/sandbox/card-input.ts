import type { PgField, PgFlow } from '../app/pg-table.ts';
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
  pwd_2digit?: string | null | undefined;
}

/** The fields a PG may insist on, as an issue, onetime or again body carries them. */
export type RequiredFieldsInput = Partial<Record<PgField, string | null | undefined>>;

/**
 * Refuses a request the channel's PG would: a flow it does not run over REST, or a field it needs
 * left out (i'mport's code 1, naming the field, as for any missing parameter).
 */
export function checkPgFlow(channel: PgChannel, flow: PgFlow, input: RequiredFieldsInput): void {
  const needs = channel.flows[flow];
  if (needs === undefined) {
    throw new SandboxError(
      'PG_NOT_SUPPORTED',
      `${channel.provider}은(는) 이 요청을 REST API로 처리하지 않습니다.`,
      { impCode: 1 },
    );
  }
  for (const field of needs) {
    const value = input[field];
    if (value === undefined || value === null || value === '') {
      throw new SandboxError('INVALID_PARAMETER', `${field} 파라메터가 누락되었습니다.`);
    }
  }
}

/**
 * Checks a card the way i'mport and the PG do before any approval: format problems and missing
 * fields the PG needs for `flow` are i'mport's own code 1 refusals; Luhn failures and past expiry
 * come back from the PG as code -1.
 */
export function checkCard(
  input: CardInput & RequiredFieldsInput,
  channel: PgChannel,
  flow: PgFlow,
  nowMs: number,
): CardProfile {
  const digits = cardDigits(input.card_number);
  if (digits === null) {
    throw new SandboxError('INVALID_PARAMETER', 'card_number 파라메터의 형식이 올바르지 않습니다.');
  }
  checkPgFlow(channel, flow, input);
  if (!luhnValid(digits)) throw pgError(CARD_MESSAGES.invalidNumber);
  if (!expiryNotPast(input.expiry, nowMs)) throw pgError(CARD_MESSAGES.pastExpiry);
  return profileCard(digits);
}

export function pgError(message: string): SandboxError {
  return new SandboxError('PG_ERROR', message, { impCode: -1 });
}
