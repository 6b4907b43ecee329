import type {
  BillingKeyPaymentRequest,
  UpstreamCallContext,
  UpstreamPayment,
} from '../../upstream/index.ts';
import { sha256, toHex } from '../crypto/sha256.ts';
import { ServerError, type FailureBody } from '../server-error.ts';
import { toServerError } from '../upstream-error.ts';
import { payOnce, type PayOnceDeps } from './pay-once.ts';
import { paymentResultOf, type PaymentResult } from './results.ts';
import { lockNames, storeKeys, TTL_MS } from './store-keys.ts';
import { withLock } from './with-lock.ts';

export interface ChargeAnswer {
  status: 200 | 402 | 409;
  body: { status: 'success'; payment: PaymentResult } | FailureBody;
}

interface ChargeRecord extends ChargeAnswer {
  /** SHA-256 of the merchant's request: the same key with another body is refused, not replayed. */
  request: string;
}

/** The merchant's Idempotency-Key, and what the merchant sent under it. */
export interface ChargeIdempotency {
  key: string;
  /**
   * The validated request body, hashed to tell a retry from another request: only what the
   * merchant sent, never what this instance adds (notice_url, its default pg), so instances
   * configured differently on one store answer the same retry the same way.
   */
  request: unknown;
}

async function digest(value: unknown): Promise<string> {
  return toHex(await sha256(JSON.stringify(value)));
}

/**
 * `POST /v1/charges` without HTTP: {@link payOnce} with the billing key, plus the merchant's
 * optional Idempotency-Key. A definite answer (paid, declined, conflicting merchant_uid) is recorded
 * under the key; the same key with the same body replays it, with another body it is refused
 * (IDEMPOTENCY_KEY_REUSED). Retryable failures are not recorded: they reject as ServerErrors.
 */
export async function chargeOnce(
  deps: PayOnceDeps,
  input: BillingKeyPaymentRequest,
  idempotency: ChargeIdempotency | undefined,
  context?: UpstreamCallContext,
): Promise<ChargeAnswer & { replayed: boolean; payment?: UpstreamPayment }> {
  const charge = async (): Promise<ChargeAnswer & { payment?: UpstreamPayment }> => {
    try {
      const payment = await payOnce(deps, {
        kind: 'billing-key',
        customerUid: input.customerId,
        input,
        context,
      });
      return {
        status: 200,
        body: { status: 'success', payment: paymentResultOf(payment) },
        payment,
      };
    } catch (error) {
      const failure = toServerError(error);
      if (failure.status !== 402 && failure.code !== 'MERCHANT_UID_CONFLICT') throw failure;
      return { status: failure.status as 402 | 409, body: failure.toBody() };
    }
  };
  if (!idempotency) return { ...(await charge()), replayed: false };

  const key = storeKeys.chargeReplay(idempotency.key);
  const request = await digest(idempotency.request);
  return withLock(deps.store, lockNames.charge(idempotency.key), deps.lock, async () => {
    const raw = await deps.store.get(key);
    if (raw) {
      const record = JSON.parse(raw) as ChargeRecord;
      if (record.request !== request) {
        throw new ServerError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used with another request body; send a new key.',
        );
      }
      return { status: record.status, body: record.body, replayed: true };
    }
    const answer = await charge();
    const record: ChargeRecord = { status: answer.status, body: answer.body, request };
    await deps.store.set(key, JSON.stringify(record), TTL_MS.replay).catch(() => undefined);
    return { ...answer, replayed: false };
  });
}
