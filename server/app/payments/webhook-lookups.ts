import type { IamportCallContext, IamportClient, ImpPayment } from '../../iamport/index.ts';
import { ServerError } from '../server-error.ts';

/** i'mport's webhook source addresses (its webhook guide), for the `webhookSenders` option. */
export const IAMPORT_WEBHOOK_SENDERS = ['52.78.100.19', '52.78.48.223', '52.78.5.241'] as const;

export interface WebhookLookupOptions {
  /** Lookups to i'mport at once, across all imp_uids. @default 8 */
  maxConcurrent?: number;
  /**
   * How long a lookup's result answers repeated webhooks for the same imp_uid: short, so a state
   * change (paid, then cancelled) is seen by the next delivery. @default 1000
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
  return {
    get upstreamCalls() {
      return upstreamCalls;
    },
    /** A shared lookup's log events carry the `context` of the request that started it. */
    lookup(impUid: string, context?: IamportCallContext): Promise<ImpPayment | null> {
      const cached = recent.get(impUid);
      if (cached && now() - cached.at < reuseMs) return Promise.resolve(cached.payment);
      const pending = inFlight.get(impUid);
      if (pending) return pending;
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
    },
  };
}
