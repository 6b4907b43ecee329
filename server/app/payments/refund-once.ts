import {
  isIamportError,
  type IamportCallContext,
  type IamportClient,
  type ImpPayment,
} from '../../iamport/index.ts';
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
  iamport: Pick<IamportClient, 'findPayment' | 'getPayment' | 'cancelPayment'>;
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
  impUid: string;
  checksum: number;
  /** What the cancel asks: the amount, or the whole checksum for a full refund. */
  asked: number;
  /** cancel_history entries before the cancel: the ones after it are candidates for ours. */
  historyLength: number;
}

interface AnsweredRefund extends RefundAnswer {
  kind: 'answered';
  request: string;
}

type RefundRecord = PendingRefund | AnsweredRefund;

/** What became of an earlier send of a pending refund, judged from a fresh lookup. */
type Earlier =
  | { kind: 'not-applied' }
  | { kind: 'applied'; payment: ImpPayment }
  | { kind: 'overtaken' }
  | { kind: 'unknown' };

async function digest(value: unknown): Promise<string> {
  return toHex(await sha256(JSON.stringify(value)));
}

const remainingOf = (payment: ImpPayment): number => payment.amount - payment.cancel_amount;

/** The refund's own entry: the newest one after the pending record's, of the amount asked. */
function refundResultOf(payment: ImpPayment, pending: PendingRefund): RefundResult {
  const entry = (payment.cancel_history ?? [])
    .slice(pending.historyLength)
    .filter((e) => e.amount === pending.asked)
    .at(-1);
  return {
    amount: pending.asked,
    ...(entry?.cancellation_id ? { cancellation_id: entry.cancellation_id } : {}),
    refunded_total: payment.cancel_amount,
    remaining: remainingOf(payment),
  };
}

/**
 * Did an earlier send under this key land? Its checksum decides: a balance still equal to it
 * means it did not (and i'mport refuses it from now on if another refund changes the balance),
 * the checksum minus what was asked, with at most one new cancellation, means it did. Another
 * balance with no new cancellation of that amount: another refund came first and ours can no
 * longer land. Anything else cannot be told apart.
 */
function judgeEarlier(payment: ImpPayment | null, pending: PendingRefund): Earlier {
  if (payment === null) return { kind: 'unknown' };
  const remaining = remainingOf(payment);
  if (remaining === pending.checksum) return { kind: 'not-applied' };
  const fresh = (payment.cancel_history ?? []).slice(pending.historyLength);
  if (remaining === pending.checksum - pending.asked && fresh.length <= 1) {
    return { kind: 'applied', payment };
  }
  if (payment.cancel_history && !fresh.some((e) => e.amount === pending.asked)) {
    return { kind: 'overtaken' };
  }
  return { kind: 'unknown' };
}

const conflict = (remaining: number) =>
  new ServerError(
    'REFUND_CONFLICT',
    `Another refund of this payment came first: ${remaining} KRW remains. Read the payment again (GET /v1/payments/{merchant_uid}) and send the new balance as checksum, with a new Idempotency-Key.`,
  );

const notAllowed = (message: string) => new ServerError('REFUND_NOT_ALLOWED', message);

/** The refusals a lookup can decide before anything is sent; null when the refund may go. */
function refusalOf(payment: ImpPayment, request: RefundRequest): ServerError | null {
  if (payment.status === 'cancelled') {
    return notAllowed('This payment is already refunded in full.');
  }
  if (payment.status !== 'paid') {
    return notAllowed(
      `This payment is not paid (status ${payment.status_raw}); nothing to refund.`,
    );
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
 * A retry after an unknown outcome sends that same checksum, so if the first cancel landed
 * i'mport refuses the repeat and the lookup turns it into the first one's answer.
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
  context?: IamportCallContext,
): Promise<RefundAnswer & { replayed: boolean; payment?: ImpPayment; refund?: RefundResult }> {
  const { iamport, store } = deps;
  const key = storeKeys.refundReplay(idempotencyKey);
  const requestHash = await digest(request);
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
      result: ServerError | { payment: ImpPayment; pending: PendingRefund },
    ): Promise<RefundAnswer & { replayed: false; payment?: ImpPayment; refund?: RefundResult }> => {
      let out: RefundAnswer & { payment?: ImpPayment; refund?: RefundResult };
      if (result instanceof ServerError) {
        out = { status: result.status as 402 | 409, body: result.toBody() };
      } else {
        const refund = refundResultOf(result.payment, result.pending);
        const body: RefundSuccess = {
          status: 'success',
          payment: paymentResultOf(result.payment),
          refund,
        };
        out = { status: 200, body, payment: result.payment, refund };
      }
      const answered: AnsweredRefund = {
        kind: 'answered',
        request: requestHash,
        status: out.status,
        body: out.body,
      };
      // The refund is done either way; a store that fails now only loses the replay.
      await store.set(key, JSON.stringify(answered), TTL_MS.refundReplay).catch(() => undefined);
      return { ...out, replayed: false };
    };

    const lookup = async (impUid: string | undefined): Promise<ImpPayment | null> =>
      impUid === undefined
        ? iamport.findPayment(merchantUid, context)
        : iamport.getPayment(impUid, context);

    let pending = record?.kind === 'pending' ? record : undefined;
    const payment = await lookup(pending?.impUid).catch((error: unknown) => {
      throw toServerError(error);
    });
    if (pending) {
      const earlier = judgeEarlier(payment, pending);
      if (earlier.kind === 'applied') return answer({ payment: earlier.payment, pending });
      if (earlier.kind === 'overtaken') return answer(conflict(payment ? remainingOf(payment) : 0));
      if (earlier.kind === 'unknown') throw outcomeUnknown();
    }
    if (payment === null) {
      throw new ServerError('NOT_FOUND', 'No payment exists for this merchant_uid.');
    }
    const refusal = refusalOf(payment, request);
    if (refusal) return answer(refusal);

    if (!pending) {
      const checksum = request.checksum ?? remainingOf(payment);
      pending = {
        kind: 'pending',
        request: requestHash,
        impUid: payment.imp_uid,
        checksum,
        asked: request.amount ?? checksum,
        historyLength: payment.cancel_history?.length ?? 0,
      };
      // Must hold before anything is sent: without it a retry could not resend this checksum.
      // Taken only if absent: the same key on another order holds another order's lock.
      if (!(await store.setIfAbsent(key, JSON.stringify(pending), TTL_MS.refundReplay))) {
        throw new ServerError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used with another request body; send a new key.',
        );
      }
    }
    const sent = pending;
    try {
      const cancelled = await iamport.cancelPayment(
        {
          imp_uid: sent.impUid,
          amount: request.amount,
          checksum: sent.checksum,
          reason: request.reason,
          tax_free: request.tax_free,
          vat_amount: request.vat_amount,
        },
        context,
      );
      return answer({ payment: cancelled, pending: sent });
    } catch (error) {
      if (!isIamportError(error, 'UPSTREAM_REJECTED') && !isIamportError(error, 'PG_ERROR')) {
        // Lost or not sent: the pending record stays, and a retry sends the same checksum.
        throw isIamportError(error, 'OUTCOME_UNKNOWN')
          ? outcomeUnknown(error)
          : toServerError(error);
      }
      // Refused: read why (another refund first, nothing left), or i'mport's own words.
      const after = await lookup(sent.impUid).catch(() => null);
      const earlier = after ? judgeEarlier(after, sent) : { kind: 'unknown' as const };
      if (after && earlier.kind === 'applied') return answer({ payment: after, pending: sent });
      if (after && earlier.kind === 'overtaken') return answer(conflict(remainingOf(after)));
      if (after && earlier.kind === 'not-applied') {
        return answer(refusalOf(after, request) ?? toServerError(error));
      }
      throw outcomeUnknown(error);
    }
  });
}

function outcomeUnknown(cause?: unknown): ServerError {
  return new ServerError(
    'OUTCOME_UNKNOWN',
    'We could not confirm whether the refund went through; retry with the same Idempotency-Key, never a new one.',
    { cause },
  );
}
