import type { Upstream, UpstreamCallContext, UpstreamPayment } from '../../upstream/index.ts';
import { ServerError } from '../server-error.ts';

/** i'mport's webhook source addresses (its webhook guide), for the `webhookSenders` option. */
export const IAMPORT_WEBHOOK_SENDERS = ['52.78.100.19', '52.78.48.223', '52.78.5.241'] as const;

export interface WebhookLookupOptions {
  /** Lookups to i'mport at once, across all imp_uids. @default 8 */
  maxConcurrent?: number;
  /**
   * Lookups that wait for one of those places, in arrival order. Only past this many is a webhook
   * refused (429 RATE_LIMITED): a burst of genuine webhooks waits its turn instead. @default 500
   */
  maxWaiting?: number;
  /**
   * How long a lookup's result answers repeated webhooks for the same imp_uid and status. A
   * webhook that announces another status than the result's always gets a fresh lookup: a cancel
   * right after the payment's own webhook must not be judged by the paid state. @default 1000
   */
  reuseMs?: number;
  /**
   * What the id a webhook names is: i'mport's imp_uid (a `transactionId`), or PortOne V2's
   * `paymentId` (V2 reads a payment by that only). @default 'transactionId'
   */
  idKind?: 'transactionId' | 'paymentId';
  now?: () => number;
}

/**
 * The one upstream lookup a webhook costs, made cheap to abuse-proof: concurrent webhooks for an
 * imp_uid share one lookup, a result is reused for a few seconds, at most `maxConcurrent` lookups
 * run at once and `maxWaiting` wait for a place (beyond that: 429 with Retry-After, which i'mport
 * does not redeliver: it retries only on a network error or a 5xx, so the queue is deep). A refusal at the running bound alone turned away genuine webhooks under
 * load (53 of ~8,700 in a soak whose lookups took a few hundred ms each).
 */
export function createWebhookLookups(
  upstream: Pick<Upstream, 'getPayment'>,
  options: WebhookLookupOptions = {},
) {
  const maxConcurrent = options.maxConcurrent ?? 8;
  const maxWaiting = options.maxWaiting ?? 500;
  const reuseMs = options.reuseMs ?? 1000;
  const now = options.now ?? Date.now;
  const inFlight = new Map<string, Promise<UpstreamPayment | null>>();
  const recent = new Map<string, { at: number; payment: UpstreamPayment | null }>();
  const waiting: (() => void)[] = [];
  let running = 0;
  let upstreamCalls = 0;

  /** A place among the running lookups: at once, or when one ends (handed over, in order). */
  function place(): Promise<void> | undefined {
    if (running < maxConcurrent) {
      running++;
      return undefined;
    }
    if (waiting.length >= maxWaiting) {
      throw new ServerError('RATE_LIMITED', 'Too many webhooks at once; deliver again later.', {
        retryAfter: 5,
      });
    }
    return new Promise<void>((resolve) => waiting.push(resolve));
  }

  function leave(): void {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }

  function start(impUid: string, context?: UpstreamCallContext): Promise<UpstreamPayment | null> {
    const placed = place();
    const promise = (async () => {
      await placed;
      try {
        upstreamCalls++;
        const ref =
          options.idKind === 'paymentId' ? { paymentId: impUid } : { transactionId: impUid };
        const payment = await upstream.getPayment(ref, context);
        if (recent.size >= 1000) recent.delete(recent.keys().next().value as string);
        recent.set(impUid, { at: now(), payment });
        return payment;
      } finally {
        leave();
      }
    })().finally(() => inFlight.delete(impUid));
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
      context?: UpstreamCallContext,
      claimed?: string,
      cancellationId?: string,
    ): Promise<UpstreamPayment | null> {
      const answers = (payment: UpstreamPayment | null) =>
        payment === null ||
        ((claimed === undefined || payment.status === claimed) &&
          (cancellationId === undefined ||
            (payment.cancellations ?? []).some((e) => e.id === cancellationId)));
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
