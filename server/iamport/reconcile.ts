import { IamportError, isIamportError } from './errors.ts';
import { judgePayment } from './judge-payment.ts';
import { billingKeyLanded, landedSince, type ServerClock } from './landed-since.ts';
import type { IamportCallContext, IamportLogEvent, IamportReconcileLogEvent } from './options.ts';
import type { ImpCustomer, ImpPayment } from './schemas.ts';

export type ReconcileReason = IamportReconcileLogEvent['reason'];

export interface ReconcilerDeps {
  /** The client's own lookups: null when not found, IamportError when the lookup fails. */
  findPayment(merchantUid: string, context?: IamportCallContext): Promise<ImpPayment | null>;
  getPayment(impUid: string, context?: IamportCallContext): Promise<ImpPayment | null>;
  getBillingKey(customerUid: string, context?: IamportCallContext): Promise<ImpCustomer | null>;
  /** i'mport's clock as the client measured it: records are stamped on it. */
  clock: ServerClock;
  /** Waits before each payment lookup after a timeout or reset. */
  delaysMs: readonly number[];
  log(event: IamportLogEvent): void;
}

export interface PaymentToReconcile {
  merchantUid: string;
  amount: number;
  /** Our clock when the POST left. */
  localStart: number;
  reason: ReconcileReason;
  cause: unknown;
  /** The caller's, stamped on the lookups and the result's log event. */
  context?: IamportCallContext | undefined;
  /** Card values to redact from a fail_reason. */
  secrets: readonly string[];
  /**
   * Failed attempts under this merchant_uid that the caller already saw answered. A lookup that
   * finds one of them has not found this request (it may land later), whatever the clocks say.
   */
  knownFailedImpUids?: readonly string[] | undefined;
}

export interface BillingKeyToReconcile {
  customerUid: string;
  cardNumber: string;
  localStart: number;
  reason: ReconcileReason;
  cause: unknown;
  /** The caller's, stamped on the lookups and the result's log event. */
  context?: IamportCallContext | undefined;
}

export interface CancelToReconcile {
  impUid?: string | undefined;
  merchantUid?: string | undefined;
  /** The amount asked to cancel; 0 or absent = everything left. */
  amount?: number | undefined;
  /** The cancellable balance the caller stated before the cancel. */
  checksum: number;
  /**
   * The cancel's `reason` as sent: a history entry must carry it (or its start, if shortened) to be
   * taken for this cancel, since another cancel of the same amount leaves the same balance.
   */
  cancelReason?: string | undefined;
  reason: ReconcileReason;
  cause: unknown;
  /** The caller's, stamped on the lookups and the result's log event. */
  context?: IamportCallContext | undefined;
}

export interface Reconciler {
  payment(lost: PaymentToReconcile): Promise<ImpPayment>;
  billingKey(lost: BillingKeyToReconcile): Promise<ImpCustomer>;
  cancel(lost: CancelToReconcile): Promise<ImpPayment>;
}

/** Sent and not answered: i'mport may still be processing it. */
const mayStillLand = (reason: ReconcileReason): boolean =>
  reason === 'timeout' || reason === 'network';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves state-changing calls whose answer was lost (timeout, reset, 5xx, unreadable answer)
 * by looking the record up instead of sending the call again.
 */
export function createReconciler(deps: ReconcilerDeps): Reconciler {
  const logResult = (
    context: IamportCallContext | undefined,
    kind: IamportReconcileLogEvent['kind'],
    id: string,
    reason: ReconcileReason,
    result: IamportReconcileLogEvent['result'],
  ): void =>
    deps.log({
      type: 'reconcile',
      kind,
      id,
      reason,
      result,
      ...(context?.requestId ? { requestId: context.requestId } : {}),
    });

  const lookupFailed = (what: string, reason: ReconcileReason, cause: unknown): IamportError =>
    new IamportError('OUTCOME_UNKNOWN', `${what}: outcome unknown (${reason}), lookup failed`, {
      cause,
    });

  return {
    /**
     * i'mport accepts one paid payment per merchant_uid, so "nothing found" is safe to retry with
     * the same merchant_uid even if the lost POST lands later.
     */
    async payment(lost) {
      const { merchantUid, reason } = lost;
      const what = `payment ${merchantUid}`;
      // After a timeout or reset i'mport may still be waiting for the PG: look again a little
      // later before concluding that nothing was recorded.
      const delays =
        (reason === 'timeout' || reason === 'network') && deps.delaysMs.length > 0
          ? deps.delaysMs
          : [0];
      for (const delay of delays) {
        if (delay > 0) await sleep(delay);
        let payment: ImpPayment | null;
        try {
          payment = await deps.findPayment(merchantUid, lost.context);
        } catch (error) {
          logResult(lost.context, 'payment', merchantUid, reason, 'unknown');
          throw lookupFailed(what, reason, error);
        }
        if (payment === null) continue;
        // An older failed attempt under the same merchant_uid says nothing about this one; a
        // record without a start time cannot be ruled out.
        const earlier =
          payment.started_at > 0 && !landedSince(payment.started_at, lost.localStart, deps.clock);
        const known = lost.knownFailedImpUids?.includes(payment.imp_uid) ?? false;
        if ((earlier || known) && payment.status !== 'paid') continue;
        try {
          const paid = judgePayment(payment, lost.amount, what, lost.secrets);
          logResult(lost.context, 'payment', merchantUid, reason, 'paid');
          return paid;
        } catch (error) {
          const result = isIamportError(error, 'CARD_DECLINED')
            ? 'declined'
            : isIamportError(error, 'AMOUNT_MISMATCH')
              ? 'mismatch'
              : 'unknown';
          logResult(lost.context, 'payment', merchantUid, reason, result);
          throw error;
        }
      }
      logResult(lost.context, 'payment', merchantUid, reason, 'not_found');
      // A request that was sent and never answered (timeout, reset) may still land after the
      // last lookup: "nothing happened" would invite a payment under a new merchant_uid.
      throw new IamportError(
        mayStillLand(reason) ? 'OUTCOME_UNKNOWN' : 'UPSTREAM_UNAVAILABLE',
        `${what}: not recorded upstream yet (${reason}); retry with the same merchant_uid only`,
        { cause: lost.cause },
      );
    },

    /** Issue is an upsert: the key counts as issued by this request when {@link billingKeyLanded}. */
    async billingKey(lost) {
      const { customerUid, reason } = lost;
      const what = `billing key ${customerUid}`;
      let customer: ImpCustomer | null;
      try {
        customer = await deps.getBillingKey(customerUid, lost.context);
      } catch (error) {
        logResult(lost.context, 'billing_key', customerUid, reason, 'unknown');
        throw lookupFailed(what, reason, error);
      }
      const last4 = lost.cardNumber.replace(/\D/g, '').slice(-4);
      if (billingKeyLanded(customer, { sentAtMs: lost.localStart, last4 }, deps.clock)) {
        logResult(lost.context, 'billing_key', customerUid, reason, 'issued');
        return customer;
      }
      logResult(lost.context, 'billing_key', customerUid, reason, 'not_found');
      // Issue is an upsert: a lost one that lands later replaces whatever was issued meanwhile.
      throw new IamportError(
        mayStillLand(reason) ? 'OUTCOME_UNKNOWN' : 'UPSTREAM_UNAVAILABLE',
        `${what}: not issued upstream yet (${reason})`,
        { cause: lost.cause },
      );
    },

    /**
     * Only a cancel sent with a `checksum` can be told apart: the balance left is either the
     * checksum (nothing happened, and a repeat is safe because i'mport checks it) or the checksum
     * minus what was asked (it took effect).
     */
    async cancel(lost) {
      const id = lost.impUid ?? lost.merchantUid ?? '';
      const what = `cancel ${id}`;
      let payment: ImpPayment | null;
      try {
        payment = lost.impUid
          ? await deps.getPayment(lost.impUid, lost.context)
          : await deps.findPayment(lost.merchantUid ?? '', lost.context);
      } catch (error) {
        logResult(lost.context, 'cancel', id, lost.reason, 'unknown');
        throw lookupFailed(what, lost.reason, error);
      }
      const asked = lost.amount !== undefined && lost.amount > 0 ? lost.amount : lost.checksum;
      const left = payment ? payment.amount - payment.cancel_amount : undefined;
      const sent = lost.cancelReason;
      const ours =
        sent === undefined ||
        !payment?.cancel_history ||
        payment.cancel_history.some(
          (entry) => entry.amount === asked && !!entry.reason && sent.startsWith(entry.reason),
        );
      if (payment && left === lost.checksum - asked && ours) {
        logResult(lost.context, 'cancel', id, lost.reason, 'cancelled');
        return payment;
      }
      // Sent and not answered: it may still land, so "not there yet" is not "not applied".
      if (
        payment &&
        left === lost.checksum &&
        payment.status === 'paid' &&
        !mayStillLand(lost.reason)
      ) {
        logResult(lost.context, 'cancel', id, lost.reason, 'not_found');
        throw new IamportError(
          'UPSTREAM_UNAVAILABLE',
          `${what}: not applied upstream (${lost.reason}); safe to retry with the same checksum`,
          { cause: lost.cause },
        );
      }
      logResult(lost.context, 'cancel', id, lost.reason, 'unknown');
      throw new IamportError('OUTCOME_UNKNOWN', `${what}: outcome unknown (${lost.reason})`, {
        cause: lost.cause,
      });
    },
  };
}
