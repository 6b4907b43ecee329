import type { ImpCustomer } from './schemas.ts';

// i'mport stamps records in whole seconds, and the measured skew includes the getToken round trip.
const CLOCK_TOLERANCE_S = 2;

/** The part of `client.clock` (IamportClock) that the rule reads. */
export interface ServerClock {
  /** Our clock reading (ms) translated to i'mport's, in unix seconds. */
  serverSecondsAt(localMs: number): number;
}

/**
 * Did it land: whether a record that i'mport stamped at `recordedAtS` (its clock, unix seconds: a
 * customer's `updated`, a payment's `started_at`) can be the effect of a call we sent at
 * `sentAtMs` (our clock). Our moment is translated to i'mport's clock with the skew the client
 * measured, since i'mport's clock may be seconds off ours in either direction: behind, a call that
 * landed would look older than itself; ahead, an older record would look like the call's effect.
 * Without a clock (a client that measures none) the clocks are taken to agree.
 */
export function landedSince(
  recordedAtS: number,
  sentAtMs: number,
  clock: ServerClock | undefined,
): boolean {
  const sentAtS = clock ? clock.serverSecondsAt(sentAtMs) : Math.floor(sentAtMs / 1000);
  return recordedAtS >= sentAtS - CLOCK_TOLERANCE_S;
}

/**
 * Whether the billing key read back is the effect of an issue sent at `sentAtMs` for a card ending
 * in `last4`. Issue is an upsert, so the key's `updated` says when it last changed
 * ({@link landedSince}); its masked number says whose card it is, unless the masking hides the last
 * four digits too: then it cannot tell cards apart and does not count against the call.
 */
export function billingKeyLanded(
  customer: ImpCustomer | null,
  sent: { sentAtMs: number; last4: string },
  clock: ServerClock | undefined,
): customer is ImpCustomer {
  if (customer === null) return false;
  const masked = customer.card_number ?? '';
  const sameCard = !/\d{4}$/.test(masked) || masked.endsWith(sent.last4);
  return sameCard && landedSince(customer.updated, sent.sentAtMs, clock);
}
