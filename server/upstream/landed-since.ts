import type { UpstreamBillingKey, UpstreamClock } from './upstream.ts';

// Upstreams stamp records in whole seconds, and a measured skew includes a round trip.
const CLOCK_TOLERANCE_S = 2;

/**
 * Did it land: whether a record that the upstream stamped at `recordedAtS` (its clock, unix
 * seconds: a billing key's last change, a payment's start) can be the effect of a call we sent at
 * `sentAtMs` (our clock). Our moment is translated to the upstream's clock with the skew its client
 * measured, since that clock may be seconds off ours in either direction: behind, a call that
 * landed would look older than itself; ahead, an older record would look like the call's effect.
 * Without a clock the clocks are taken to agree.
 */
export function landedSince(
  recordedAtS: number,
  sentAtMs: number,
  clock: UpstreamClock | undefined,
): boolean {
  const sentAtS = clock ? clock.serverSecondsAt(sentAtMs) : Math.floor(sentAtMs / 1000);
  return recordedAtS >= sentAtS - CLOCK_TOLERANCE_S;
}

/**
 * Whether the billing key read back is the effect of a key-storing call sent at `sentAtMs` for a
 * card ending in `last4`: changed since ({@link landedSince}), and for that card by its masked
 * number, unless the masking hides the last four digits too: then it cannot tell cards apart and
 * does not count against the call.
 */
export function billingKeyLanded(
  key: Pick<UpstreamBillingKey, 'cardNumber' | 'updatedAt'> | null,
  sent: { sentAtMs: number; last4: string },
  clock: UpstreamClock | undefined,
): boolean {
  if (key === null) return false;
  const masked = key.cardNumber ?? '';
  const sameCard = !/\d{4}$/.test(masked) || masked.endsWith(sent.last4);
  return sameCard && landedSince(key.updatedAt, sent.sentAtMs, clock);
}
