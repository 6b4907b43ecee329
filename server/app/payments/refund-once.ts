import {
  isUpstreamError,
  type Upstream,
  type UpstreamCallContext,
  type UpstreamCancellation,
  type UpstreamPayment,
} from '../../upstream/index.ts';
import { sha256, toHex } from '../crypto/sha256.ts';
import { ServerError, type FailureBody } from '../server-error.ts';
import type { Store } from '../store/store.ts';
import { toServerError } from '../upstream-error.ts';
import type { RefundResult } from './intents.ts';
import { paymentResultOf, type PaymentResult } from './results.ts';
import { lockNames, storeKeys, TTL_MS } from './store-keys.ts';
import { withLock, type LockOptions } from './with-lock.ts';

/** What {@link refundOnce} uses. */
export interface RefundOnceDeps {
  upstream: Pick<Upstream, 'getPayment' | 'cancelPayment'>;
  store: Store;
  lock: LockOptions;
}

/** A refund of the paid payment of `merchant_uid`, as `POST /v1/payments/{merchant_uid}/cancel` asks. */
export interface RefundRequest {
  merchant_uid: string;
  /** Absent: everything that remains. */
  amount?: number | undefined;
  reason: string;
  /** The refundable balance the merchant believes remains before this refund. */
  checksum?: number | undefined;
  tax_free?: number | undefined;
  vat_amount?: number | undefined;
}

export type RefundSuccess = { status: 'success'; payment: PaymentResult; refund: RefundResult };

export interface RefundAnswer {
  status: 200 | 402 | 409;
  body: RefundSuccess | FailureBody;
}

/** Written before the cancel is sent, so a retry of an unknown outcome sends the same checksum. */
interface PendingRefund {
  kind: 'pending';
  request: string;
  /** The payment's transaction id (V1 imp_uid); the name is kept for records already stored. */
  impUid: string;
  checksum: number;
  /**
   * When it was last sent (ms): until the upstream window has passed since then, that send may
   * still land, so a refusal of a later send under the key is no final answer.
   */
  sentAt?: number | undefined;
}

interface AnsweredRefund extends RefundAnswer {
  kind: 'answered';
  request: string;
}

type RefundRecord = PendingRefund | AnsweredRefund;

type CancelEntry = UpstreamCancellation;

async function digest(value: unknown): Promise<string> {
  return toHex(await sha256(JSON.stringify(value)));
}

/**
 * The mark that names this refund at i'mport: the first 12 hex digits of the SHA-256 of the
 * Idempotency-Key, put before the reason it keeps in the payment's `cancel_history` (first, so a PG
 * or i'mport that shortens the reason keeps it). A refund is so recognised as ours by i'mport's own
 * record, even when this server's record of it is gone (a restart with the memory store, a Redis
 * without persistence), and never confused with another refund of the same amount.
 */
export async function refundMarkOf(idempotencyKey: string): Promise<string> {
  return `[impcard ${toHex(await sha256(idempotencyKey)).slice(0, 12)}]`;
}

const remainingOf = (payment: UpstreamPayment): number => payment.amount - payment.cancelledAmount;

const ownEntryOf = (payment: UpstreamPayment, mark: string): CancelEntry | undefined =>
  (payment.cancellations ?? []).find((entry) => entry.reason?.startsWith(mark));

function refundResultOf(
  payment: UpstreamPayment,
  entry: Pick<CancelEntry, 'amount' | 'id'>,
): RefundResult {
  return {
    amount: entry.amount,
    ...(entry.id ? { cancellation_id: entry.id } : {}),
    refunded_total: payment.cancelledAmount,
    remaining: remainingOf(payment),
  };
}

/**
 * What became of an earlier send under this key, from a fresh lookup: our mark in the history
 * means it landed; a balance still equal to the checksum it carried means it has not (and it can
 * land only while the balance stays so, which this retry's send, carrying the same checksum, rules
 * out twice); another balance without our mark means another refund came first, after which ours
 * can never land (i'mport refuses a stale checksum).
 */
function judgeEarlier(
  payment: UpstreamPayment | null,
  pending: PendingRefund,
  mark: string,
): 'applied' | 'not-applied' | 'overtaken' | 'unknown' {
  if (payment === null) return 'unknown';
  if (ownEntryOf(payment, mark)) return 'applied';
  if (remainingOf(payment) === pending.checksum) return 'not-applied';
  // A history that is not there cannot show our mark: nothing can be concluded.
  return payment.cancellations ? 'overtaken' : 'unknown';
}

const conflict = (remaining: number) =>
  new ServerError(
    'REFUND_CONFLICT',
    `Another refund of this payment came first: ${remaining} KRW remains. Read the payment again (GET /v1/payments/{merchant_uid}) and send the new balance as checksum, with a new Idempotency-Key.`,
  );

const notAllowed = (message: string) => new ServerError('REFUND_NOT_ALLOWED', message);

/** Another refund came first: nothing left to refund, or a balance the merchant must read again. */
const overtakenBy = (payment: UpstreamPayment): ServerError =>
  payment.status === 'cancelled' || remainingOf(payment) <= 0
    ? notAllowed('This payment is already refunded in full.')
    : conflict(remainingOf(payment));

/** The refusals a lookup can decide before anything is sent; null when the refund may go. */
function refusalOf(payment: UpstreamPayment, request: RefundRequest): ServerError | null {
  if (payment.status === 'cancelled') {
    return notAllowed('This payment is already refunded in full.');
  }
  if (payment.status !== 'paid') {
    return notAllowed(`This payment is not paid (status ${payment.statusRaw}); nothing to refund.`);
  }
  const remaining = remainingOf(payment);
  if (request.checksum !== undefined && request.checksum !== remaining) return conflict(remaining);
  if (remaining <= 0) return notAllowed('This payment is already refunded in full.');
  if (request.amount !== undefined && request.amount > remaining) {
    return notAllowed(`The amount is more than what remains to refund (${remaining} KRW).`);
  }
  return null;
}

/**
 * `POST /v1/payments/{merchant_uid}/cancel` without HTTP: refunds the paid payment of an order,
 * never twice for one Idempotency-Key. Under the order's payment lock (a refund never races a
 * payment of the same order), the payment is read fresh; i'mport is always sent a checksum (the
 * merchant's, else the balance just read), recorded as pending under the key before it is sent.
 * A retry after an unknown outcome sends that same checksum, so at most one of the two can land.
 * Which refund is ours is read from i'mport's record, by the key's mark on the reason
 * ({@link refundMarkOf}): never from the balance alone, which another refund of the same amount
 * explains as well, and never from this server's record alone, which a restart can lose.
 *
 * A definite answer (refunded, REFUND_CONFLICT, REFUND_NOT_ALLOWED, i'mport's refusal) replaces
 * the pending record and is replayed for the same body; another body under the key is refused
 * (IDEMPOTENCY_KEY_REUSED). NOT_FOUND, OUTCOME_UNKNOWN and UPSTREAM_UNAVAILABLE reject as
 * ServerErrors and leave the record as it was.
 */
export async function refundOnce(
  deps: RefundOnceDeps,
  request: RefundRequest,
  idempotencyKey: string,
  context?: UpstreamCallContext,
): Promise<RefundAnswer & { replayed: boolean; payment?: UpstreamPayment; refund?: RefundResult }> {
  const { upstream, store } = deps;
  const key = storeKeys.refundReplay(idempotencyKey);
  const requestHash = await digest(request);
  const mark = await refundMarkOf(idempotencyKey);
  const merchantUid = request.merchant_uid;

  return withLock(store, lockNames.payment(merchantUid), deps.lock, async () => {
    const raw = await store.get(key);
    const record = raw ? (JSON.parse(raw) as RefundRecord) : null;
    if (record && record.request !== requestHash) {
      throw new ServerError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used with another request body; send a new key.',
      );
    }
    if (record?.kind === 'answered') {
      return { status: record.status, body: record.body, replayed: true };
    }

    const answer = async (
      result: ServerError | UpstreamPayment,
      /** For a payment i'mport answered for our cancel, when its history does not show the mark. */
      asked?: number,
    ): Promise<
      RefundAnswer & { replayed: false; payment?: UpstreamPayment; refund?: RefundResult }
    > => {
      let out: RefundAnswer & { payment?: UpstreamPayment; refund?: RefundResult };
      const entry =
        result instanceof ServerError
          ? undefined
          : (ownEntryOf(result, mark) ?? (asked === undefined ? undefined : { amount: asked }));
      if (result instanceof ServerError) {
        out = { status: result.status as 402 | 409, body: result.toBody() };
      } else if (entry === undefined) {
        // Callers pass only a payment that shows our refund; anything else is no answer.
        throw outcomeUnknown();
      } else {
        const refund = refundResultOf(result, entry);
        const body: RefundSuccess = { status: 'success', payment: paymentResultOf(result), refund };
        out = { status: 200, body, payment: result, refund };
      }
      const answered: AnsweredRefund = {
        kind: 'answered',
        request: requestHash,
        status: out.status,
        body: out.body,
      };
      // The refund is done either way; a store that fails now only loses the replay (and i'mport's
      // record still names it by its mark).
      await store.set(key, JSON.stringify(answered), TTL_MS.refundReplay).catch(() => undefined);
      return { ...out, replayed: false };
    };

    const lookup = async (transactionId: string | undefined): Promise<UpstreamPayment | null> =>
      upstream.getPayment({ paymentId: merchantUid, transactionId }, context);

    let pending = record?.kind === 'pending' ? record : undefined;
    const payment = await lookup(pending?.impUid).catch((error: unknown) => {
      throw toServerError(error);
    });
    // Our mark at i'mport answers a retry even when this server forgot the refund; another body
    // under the key is still refused as the record would have refused it.
    const landed = payment ? ownEntryOf(payment, mark) : undefined;
    if (payment && landed) {
      // Without the record, the request is checked against what the key did at i'mport: a refund
      // of another amount, or of everything while something remains, is not the key's refund.
      const otherAmount =
        request.amount === undefined ? remainingOf(payment) > 0 : request.amount !== landed.amount;
      if (!pending && otherAmount) {
        throw new ServerError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used for a refund of another amount; send a new key.',
        );
      }
      return answer(payment);
    }
    // An earlier send under this key that may still land: a refusal now is no final answer.
    const earlierSentAt = pending?.sentAt;
    const earlierMayLand =
      pending !== undefined &&
      (earlierSentAt === undefined || Date.now() - earlierSentAt < deps.lock.ttlMs);
    if (pending) {
      const earlier = judgeEarlier(payment, pending, mark);
      if (payment && earlier === 'overtaken') return answer(overtakenBy(payment));
      if (earlier === 'unknown') throw outcomeUnknown();
    }
    if (payment === null) {
      throw new ServerError('NOT_FOUND', 'No payment exists for this merchant_uid.');
    }
    const refusal = refusalOf(payment, request);
    if (refusal) return answer(refusal);

    if (!pending) {
      pending = {
        kind: 'pending',
        request: requestHash,
        impUid: payment.transactionId,
        checksum: request.checksum ?? remainingOf(payment),
        sentAt: Date.now(),
      };
      // Must hold before anything is sent: without it a retry could not resend this checksum.
      // Taken only if absent: the same key on another order holds another order's lock.
      if (!(await store.setIfAbsent(key, JSON.stringify(pending), TTL_MS.refundReplay))) {
        throw new ServerError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used with another request body; send a new key.',
        );
      }
    } else {
      pending = { ...pending, sentAt: Date.now() };
      // Nothing is sent unless the new send time is kept.
      await store.set(key, JSON.stringify(pending), TTL_MS.refundReplay).catch((error: unknown) => {
        throw toServerError(error);
      });
    }
    const sent = pending;
    /**
     * After a send: i'mport's record decides, never the client's guess from a balance. A refusal
     * is final only when no earlier send under the key may still land; a success answer without
     * our mark is never turned into a conflict (the mark may be what is missing).
     */
    const settle = async (after: UpstreamPayment | null, refused: unknown) => {
      const earlier = judgeEarlier(after, sent, mark);
      if (after && earlier === 'applied') return answer(after);
      if (after && earlier === 'overtaken') return answer(overtakenBy(after));
      if (after && earlier === 'not-applied' && !earlierMayLand) {
        return answer(refusalOf(after, request) ?? toServerError(refused));
      }
      // This send was refused, so it cannot land: only the earlier one still may, and the window
      // runs from its time, not this one's, so a merchant retrying at once is not kept waiting.
      const windowLeftMs =
        earlierSentAt === undefined
          ? deps.lock.ttlMs
          : earlierSentAt + deps.lock.ttlMs - Date.now();
      await store
        .set(key, JSON.stringify({ ...sent, sentAt: earlierSentAt }), TTL_MS.refundReplay)
        .catch(() => undefined);
      throw outcomeUnknown(refused, Math.max(1, Math.ceil(windowLeftMs / 1000)));
    };
    let cancelled: UpstreamPayment;
    try {
      cancelled = await upstream.cancelPayment(
        {
          payment: { transactionId: sent.impUid, paymentId: merchantUid },
          amount: request.amount,
          checksum: sent.checksum,
          reason: `${mark} ${request.reason}`,
          taxFree: request.tax_free,
          vat: request.vat_amount,
          attempt: idempotencyKey,
        },
        context,
      );
    } catch (error) {
      if (!isUpstreamError(error, 'UPSTREAM_REJECTED') && !isUpstreamError(error, 'PG_ERROR')) {
        // Lost or not sent: the pending record stays, and a retry sends the same checksum. The
        // send may land until the window has passed since now, when its outcome became unknown.
        await store
          .set(key, JSON.stringify({ ...sent, sentAt: Date.now() }), TTL_MS.refundReplay)
          .catch(() => undefined);
        throw isUpstreamError(error, 'OUTCOME_UNKNOWN')
          ? outcomeUnknown(error)
          : toServerError(error);
      }
      // Refused: read why (ours landed earlier, another refund first, nothing left), or i'mport's
      // own words.
      return settle(await lookup(sent.impUid).catch(() => null), error);
    }
    // i'mport answered this cancel (or the client found it by the reason sent, mark first): ours,
    // even if i'mport shortened the reason through the mark. Only a payment without a history was
    // judged by its balance alone, which another refund of the same amount also explains.
    if (ownEntryOf(cancelled, mark) || cancelled.cancellations) {
      return answer(cancelled, request.amount ?? sent.checksum);
    }
    throw outcomeUnknown();
  });
}

function outcomeUnknown(cause?: unknown, retryAfter?: number): ServerError {
  return new ServerError(
    'OUTCOME_UNKNOWN',
    'We could not confirm whether the refund went through; retry with the same Idempotency-Key, never a new one.',
    { cause, ...(retryAfter === undefined ? {} : { retryAfter }) },
  );
}
