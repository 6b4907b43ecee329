import {
  billingKeyLanded,
  type Upstream,
  type UpstreamBillingKey,
  type UpstreamCallContext,
} from '../../upstream/index.ts';
import type { LogFn } from '../logger.ts';
import { ServerError } from '../server-error.ts';
import { isStoreUnavailable, type Store } from '../store/store.ts';
import { storeKeys, TTL_MS } from './store-keys.ts';

/** A key-storing call for a customer whose outcome is unknown: it may still land. */
interface Doubt {
  jti: string;
  /** `billing_key`: an issue; `payment`: a key-in payment storing the key (merchant_uid-bound). */
  kind: 'billing_key' | 'payment';
  /** The card's last four digits: enough to recognise it in i'mport's masked number. */
  last4: string;
  startedMs: number;
  /** Until then the lost call may still land (the upstream window). */
  untilMs: number;
}

export type DoubtKind = Doubt['kind'];

/** The lost call of a doubt that was settled: it may still land later than the window said. */
export type LostCall = Pick<Doubt, 'jti' | 'kind' | 'last4' | 'startedMs'>;

/** What {@link CustomerDoubts}.settle found. */
export interface Settled {
  /** The key, when the lost call was this very request's and did land: that is its answer. */
  landed: UpstreamBillingKey | null;
  /** The doubt it resolved, if any: the card saved next is watched once more (billing-key-watch.ts). */
  lost: LostCall | null;
}

export interface CustomerDoubtDeps {
  store: Store;
  /** Its `clock`, when it has one, translates `now` to the upstream's clock, which stamps the key. */
  upstream: Pick<Upstream, 'getBillingKey' | 'clock'>;
  now: () => number;
  /** How long after it was sent a call to i'mport may still take effect. */
  windowMs: number;
  /** Where a doubt record kept in memory (the store was down) is reported. */
  log?: LogFn | undefined;
  /** Doubt records kept in memory while the store is down; the oldest is dropped beyond. @default 1000 */
  maxPending?: number | undefined;
  /** How often a kept record is tried again while nothing else touches the doubts. @default 1000 */
  retryMs?: number | undefined;
}

/** What {@link CustomerDoubts}.mark did: written, or kept in memory until the store is back. */
export type MarkResult = 'recorded' | 'pending';

/**
 * Customers whose billing key is in doubt. A billing-key issue is an upsert: when one is lost and
 * lands late, it silently replaces whatever the customer registered meanwhile. So while it may
 * still land, every other key-storing registration for the customer is refused with the retryable
 * CUSTOMER_IN_DOUBT (Retry-After: the rest of the window); once the window has passed the customer
 * is read back and the lost call's outcome is known by the same rule as the client's own
 * reconciliation (`billingKeyLanded`: the masked number, and `updated` on i'mport's clock).
 *
 * A call becomes in doubt whatever the store's state: when the store is down at that moment the
 * record is kept in memory (bounded) and written as soon as the store answers again, on the next
 * doubt operation of this instance or a timer, whichever comes first. A process that exits first
 * loses it (docs/operations.md).
 */
export function createCustomerDoubts(deps: CustomerDoubtDeps) {
  const { store } = deps;
  const maxPending = deps.maxPending ?? 1000;
  const pending = new Map<string, Doubt>();
  let flushing: Promise<void> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;

  async function write(customerUid: string, doubt: Doubt): Promise<void> {
    // The lifetime runs from the call, not from a late write.
    const ttlMs = doubt.startedMs + TTL_MS.customerInDoubt - deps.now();
    if (ttlMs <= 0) return;
    await store.set(storeKeys.customerInDoubt(customerUid), JSON.stringify(doubt), ttlMs);
  }

  /** Writes the kept records, one flush at a time; rejects (keeping the rest) while the store fails. */
  function flush(): Promise<void> {
    flushing ??= (async () => {
      try {
        for (const [customerUid, doubt] of pending) {
          await write(customerUid, doubt);
          pending.delete(customerUid);
          deps.log?.('info', 'registration.doubt_recorded', { customer_uid: customerUid });
        }
      } finally {
        flushing = undefined;
      }
    })();
    return flushing;
  }

  function scheduleRetry(): void {
    if (retry !== undefined || pending.size === 0) return;
    retry = setTimeout(() => {
      retry = undefined;
      flush().then(scheduleRetry, scheduleRetry);
    }, deps.retryMs ?? 1000);
    // Never keeps a process alive on its own (Node, Bun; Deno and Workers have no unref).
    (retry as { unref?: () => void }).unref?.();
  }

  function keep(customerUid: string, doubt: Doubt): void {
    pending.delete(customerUid);
    if (pending.size >= maxPending) {
      const [oldest] = pending.keys();
      if (oldest !== undefined) {
        pending.delete(oldest);
        deps.log?.('error', 'registration.doubt_dropped', { customer_uid: oldest });
      }
    }
    pending.set(customerUid, doubt);
    scheduleRetry();
  }

  /** The stored doubt, after writing any kept ones: a store still down rejects (503). */
  async function read(customerUid: string): Promise<Doubt | null> {
    if (pending.size > 0) await flush();
    const raw = await store.get(storeKeys.customerInDoubt(customerUid));
    return raw ? (JSON.parse(raw) as Doubt) : null;
  }

  function inDoubt(doubt: Doubt, now: number): ServerError {
    return new ServerError(
      'CUSTOMER_IN_DOUBT',
      'An earlier card registration for this customer is still being confirmed; try again shortly.',
      { retryAfter: Math.max(1, Math.ceil((doubt.untilMs - now) / 1000)) },
    );
  }

  return {
    /**
     * Before a key-storing call for `customerUid`. Throws CUSTOMER_IN_DOUBT within the window;
     * after it, resolves the doubt and returns the key when the lost call was this very request's
     * (same token, same card) and did land, with the lost call it resolved. `onLanded` is told the
     * token whose lost call landed, so its once-only mark can be set.
     */
    async settle(
      customerUid: string,
      request: {
        jti: string;
        kind: DoubtKind;
        last4: string;
        context?: UpstreamCallContext | undefined;
      },
      onLanded: (jti: string) => Promise<void>,
    ): Promise<Settled> {
      const doubt = await read(customerUid);
      if (!doubt) return { landed: null, lost: null };
      const now = deps.now();
      // A payment retried with the same token is bound to its merchant_uid: i'mport accepts one
      // paid payment for it, so that retry is safe while the first may still land.
      const sameIntent = doubt.jti === request.jti && doubt.kind === 'payment';
      if (now < doubt.untilMs && !sameIntent) throw inDoubt(doubt, now);
      if (sameIntent) return { landed: null, lost: null };
      // Lookup failures reject (503: nothing happened) and keep the doubt for the next attempt.
      const key = await deps.upstream.getBillingKey(customerUid, request.context);
      const landed = billingKeyLanded(
        key,
        { sentAtMs: doubt.startedMs, last4: doubt.last4 },
        deps.upstream.clock,
      );
      if (landed && doubt.kind === 'billing_key') await onLanded(doubt.jti);
      await store.delete(storeKeys.customerInDoubt(customerUid));
      const same = doubt.jti === request.jti && doubt.last4 === request.last4;
      const { jti, kind, last4, startedMs } = doubt;
      return {
        landed: landed && same && doubt.kind === 'billing_key' ? key : null,
        lost: { jti, kind, last4, startedMs },
      };
    },

    /**
     * Before a call that must not be overtaken by a lost key-storing call (a deletion): throws
     * CUSTOMER_IN_DOUBT while one may still land. After the window the record stays for the lost
     * call's own retry to settle.
     */
    async assertSettled(customerUid: string): Promise<void> {
      const doubt = await read(customerUid);
      const now = deps.now();
      if (doubt && now < doubt.untilMs) throw inDoubt(doubt, now);
    },

    /**
     * After a key-storing call ended in OUTCOME_UNKNOWN. Never rejects for a store that is down:
     * the caller's answer is OUTCOME_UNKNOWN, and the record is kept until the store is back.
     */
    async mark(
      customerUid: string,
      doubt: { jti: string; kind: DoubtKind; last4: string; startedMs: number },
    ): Promise<MarkResult> {
      const value: Doubt = { ...doubt, untilMs: doubt.startedMs + deps.windowMs };
      try {
        await write(customerUid, value);
        return 'recorded';
      } catch (error) {
        if (!isStoreUnavailable(error)) throw error;
        keep(customerUid, value);
        return 'pending';
      }
    },

    /** Whether a doubt is recorded for the customer, in its window or not (settled by the next registration). */
    async has(customerUid: string): Promise<boolean> {
      return (await read(customerUid)) !== null;
    },

    /**
     * A lost call was seen to land after its window (billing-key-watch.ts): the customer is held
     * again for a fresh window, in case more is on its way; the next registration then settles it
     * as usual (the lost call's token is marked used, its card read back).
     */
    async reopen(customerUid: string, lost: LostCall): Promise<void> {
      await write(customerUid, { ...lost, untilMs: deps.now() + deps.windowMs });
    },

    /** Doubt records waiting for the store (for tests and operations). */
    get pendingCount(): number {
      return pending.size;
    },
  };
}

export type CustomerDoubts = ReturnType<typeof createCustomerDoubts>;
