import type { IamportCallContext, IamportClient, ImpPayment } from '../../iamport/index.ts';
import { ServerError } from '../server-error.ts';

/** i'mport's webhook source addresses (its webhook guide), for the `webhookSenders` option. */
export const IAMPORT_WEBHOOK_SENDERS = ['52.78.100.19', '52.78.48.223', '52.78.5.241'] as const;

export interface WebhookLookupOptions {
  /** Lookups to i'mport at once, across all imp_uids. @default 8 */
  maxConcurrent?: number;
  /**
   * How long a lookup's result answers repeated webhooks for the same imp_uid and status. A
   * webhook that announces another status than the result's always gets a fresh lookup: a cancel
   * right after the payment's own webhook must not be judged by the paid state. @default 1000
   */
  reuseMs?: number;
  now?: () => number;
}

/**
 * The one upstream lookup a webhook costs, made cheap to abuse-proof: concurrent webhooks for an
 * imp_uid share one lookup, a result is reused for a few seconds, and at most `maxConcurrent`
 * lookups run at once (beyond that: 503 with Retry-After, and i'mport delivers again later).
 */
export function createWebhookLookups(iamport: IamportClient, options: WebhookLookupOptions = {}) {
  const maxConcurrent = options.maxConcurrent ?? 8;
  const reuseMs = options.reuseMs ?? 1000;
  const now = options.now ?? Date.now;
  const inFlight = new Map<string, Promise<ImpPayment | null>>();
  const recent = new Map<string, { at: number; payment: ImpPayment | null }>();
  let upstreamCalls = 0;

  function start(impUid: string, context?: IamportCallContext): Promise<ImpPayment | null> {
    if (inFlight.size >= maxConcurrent) {
      throw new ServerError('RATE_LIMITED', 'Too many webhooks at once; deliver again later.', {
        retryAfter: 5,
      });
    }
    upstreamCalls++;
    const promise = iamport
      .getPayment(impUid, context)
      .then((payment) => {
        if (recent.size >= 1000) recent.delete(recent.keys().next().value as string);
        recent.set(impUid, { at: now(), payment });
        return payment;
      })
      .finally(() => inFlight.delete(impUid));
    inFlight.set(impUid, promise);
    return promise;
  }

  return {
    get upstreamCalls() {
      return upstreamCalls;
    },
    /**
     * The payment behind a webhook. `claimed` is the status the webhook announces, and
     * `cancellationId` the cancellation it announces: hints that only decide whether a shared or
     * recent result may answer it (a partial refund leaves the status "paid", so only its id tells
     * a result from before it). A shared lookup's log events carry the `context` of the request
     * that started it.
     */
    async lookup(
      impUid: string,
      context?: IamportCallContext,
      claimed?: string,
      cancellationId?: string,
    ): Promise<ImpPayment | null> {
      const answers = (payment: ImpPayment | null) =>
        payment === null ||
        ((claimed === undefined || payment.status === claimed) &&
          (cancellationId === undefined ||
            (payment.cancel_history ?? []).some((e) => e.cancellation_id === cancellationId)));
      const cached = recent.get(impUid);
      if (cached && now() - cached.at < reuseMs && answers(cached.payment)) return cached.payment;
      const pending = inFlight.get(impUid);
      if (pending) {
        // Started before this webhook's news, maybe: if it says otherwise, ask again.
        const shared = await pending;
        if (answers(shared)) return shared;
      }
      return inFlight.get(impUid) ?? start(impUid, context);
    },
  };
}
