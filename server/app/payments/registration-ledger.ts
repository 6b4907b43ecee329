import { detectBrand, type RegistrationSuccess } from '../../../widget/contract/index.ts';
import { ServerError, type FailureBody } from '../server-error.ts';
import type { Store } from '../store/store.ts';
import { storeKeys, TTL_MS } from './store-keys.ts';

/** A registration's answer as recorded for replays. */
export interface RecordedOutcome {
  status: 200 | 402;
  body: RegistrationSuccess | FailureBody;
}

interface ReplayRecord extends RecordedOutcome {
  /** Brand and last four digits: tells another card from the same one, and is no card data. */
  card: string;
}

/** What identifies the card of a request without keeping card data: brand + last four digits. */
export function cardMark(cardNumber: string): string {
  const digits = cardNumber.replace(/\D/g, '');
  return `${detectBrand(digits).brand}:${digits.slice(-4)}`;
}

/**
 * The registration side of the store: used tokens (once-only rule), declined attempts per token,
 * and replay records per (token, Idempotency-Key).
 */
export function createRegistrationLedger(store: Store) {
  return {
    /**
     * The recorded answer for this key, or null. The same key with another card is refused:
     * replaying the first card's answer would tell the customer the wrong card was saved.
     */
    async replay(jti: string, key: string, card: string): Promise<RecordedOutcome | null> {
      const raw = await store.get(storeKeys.registrationReplay(jti, key));
      if (!raw) return null;
      const record = JSON.parse(raw) as ReplayRecord;
      if (record.card !== card) {
        throw new ServerError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used with another card; send a new key.',
        );
      }
      return { status: record.status, body: record.body };
    },

    async record(jti: string, key: string, card: string, outcome: RecordedOutcome): Promise<void> {
      const record: ReplayRecord = { ...outcome, card };
      await store.set(
        storeKeys.registrationReplay(jti, key),
        JSON.stringify(record),
        TTL_MS.replay,
      );
    },

    /** Throws TOKEN_ALREADY_USED or ATTEMPTS_EXCEEDED when the token may not register any more. */
    async assertUsable(jti: string, maxAttempts: number): Promise<void> {
      if (await store.get(storeKeys.used(jti))) {
        throw new ServerError(
          'TOKEN_ALREADY_USED',
          'This registration has already succeeded; ask the merchant for a new page.',
        );
      }
      const attempts = Number((await store.get(storeKeys.attempts(jti))) ?? 0);
      if (attempts >= maxAttempts) {
        throw new ServerError(
          'ATTEMPTS_EXCEEDED',
          'Too many declined attempts with this page; ask the merchant for a new one.',
        );
      }
    },

    async markUsed(jti: string, ttlMs: number): Promise<void> {
      await store.set(storeKeys.used(jti), '1', ttlMs);
    },

    async countDecline(jti: string, ttlMs: number): Promise<void> {
      await store.increment(storeKeys.attempts(jti), ttlMs);
    },
  };
}

export type RegistrationLedger = ReturnType<typeof createRegistrationLedger>;
