import * as upstream from '../upstream/landed-since.ts';
import type { ImpCustomer } from './schemas.ts';

export { landedSince } from '../upstream/landed-since.ts';

/** The part of `client.clock` (IamportClock) that the rule reads. */
export interface ServerClock {
  /** Our clock reading (ms) translated to i'mport's, in unix seconds. */
  serverSecondsAt(localMs: number): number;
}

/**
 * Whether the billing key read back is the effect of an issue sent at `sentAtMs` for a card ending
 * in `last4`. Issue is an upsert, so the key's `updated` says when it last changed; the rule is the
 * upstream one (server/upstream/landed-since.ts), read on i'mport's customer record.
 */
export function billingKeyLanded(
  customer: ImpCustomer | null,
  sent: { sentAtMs: number; last4: string },
  clock: ServerClock | undefined,
): customer is ImpCustomer {
  return upstream.billingKeyLanded(
    customer && { cardNumber: customer.card_number ?? null, updatedAt: customer.updated },
    sent,
    clock,
  );
}
