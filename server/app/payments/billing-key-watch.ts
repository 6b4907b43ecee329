import type { Upstream, UpstreamBillingKey, UpstreamCallContext } from '../../upstream/index.ts';
import type { LogFn } from '../logger.ts';
import { ServerError } from '../server-error.ts';
import type { Store } from '../store/store.ts';
import type { CustomerDoubts, LostCall } from './customer-doubt.ts';
import type { BillingKeyChangedEvent, CardSummary } from './intents.ts';
import { lockNames, storeKeys, TTL_MS } from './store-keys.ts';
import { withLock, type LockOptions } from './with-lock.ts';

/** The card saved after a doubt, and the lost call that could still replace it. */
interface Watch {
  /** null: the key was deleted since. */
  saved: CardSummary | null;
  /** The upstream's last change of the saved key (unix seconds), when the call answered it. */
  savedAtS?: number | undefined;
  lost: LostCall;
  /** When the card is read back: a window after the doubt was settled. */
  dueMs: number;
}

export interface BillingKeyWatchDeps {
  store: Store;
  upstream: Pick<Upstream, 'getBillingKey'>;
  doubts: Pick<CustomerDoubts, 'reopen' | 'has'>;
  lock: LockOptions;
  now: () => number;
  /** The upstream window: how long after a doubt was settled the saved card is read back. */
  windowMs: number;
  log: LogFn;
  onChanged?: ((event: BillingKeyChangedEvent) => void | Promise<void>) | undefined;
  /** Counts reported changes (the metric). */
  count?: (() => void) | undefined;
  /** How long before a read-back that failed (store or i'mport down) is tried again. @default 5000 */
  retryMs?: number | undefined;
}

/** What the watch compares: the masked number's last four and, when known, the key's last change. */
function summaryOf(key: UpstreamBillingKey): CardSummary {
  const last4 = /(\d{4})$/.exec(key.cardNumber ?? '')?.[1] ?? null;
  return { card_name: key.cardName, last4 };
}

function changed(watch: Watch, key: UpstreamBillingKey | null): boolean {
  if (watch.saved === null || key === null) return watch.saved !== key;
  const { last4 } = summaryOf(key);
  if (last4 !== null && last4 !== watch.saved.last4) return true;
  // Same last four (or hidden): only a later write can be another card.
  return watch.savedAtS !== undefined && key.updatedAt > watch.savedAtS;
}

/**
 * The window is a bound, not a promise: a lost key-storing call can still land after it and
 * silently replace the card saved meanwhile (an issue is an upsert). So after a registration that
 * settled a doubt, the saved card is read back once more, a window later, and a difference is
 * reported (`onBillingKeyChanged`, the log event `billing_key.changed`, the metric
 * `impcard_billing_key_changes_total`); the customer is then held in doubt again, so the next
 * registration waits a window and is itself watched.
 *
 * The pending read-back is a store record: this instance's timer does it on time; when that
 * instance is gone, the customer's next key-storing registration or deletion on any instance does
 * it first (before the card is replaced), since a store without enumeration cannot be swept.
 */
export function createBillingKeyWatch(deps: BillingKeyWatchDeps) {
  const { store } = deps;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  async function read(customerUid: string): Promise<Watch | null> {
    const raw = await store.get(storeKeys.billingKeyWatch(customerUid));
    return raw ? (JSON.parse(raw) as Watch) : null;
  }

  function schedule(customerUid: string, atMs: number): void {
    clearTimeout(timers.get(customerUid));
    const timer = setTimeout(
      () => {
        timers.delete(customerUid);
        void run(customerUid);
      },
      Math.max(0, atMs - deps.now()),
    );
    // Never keeps a process alive on its own (Node, Bun; Deno and Workers have no unref).
    (timer as { unref?: () => void }).unref?.();
    timers.set(customerUid, timer);
  }

  /** Reads the card back; reports and holds the customer again when it is not the saved one. */
  async function verify(
    customerUid: string,
    watch: Watch,
    context?: UpstreamCallContext,
  ): Promise<boolean> {
    const key = await deps.upstream.getBillingKey(customerUid, context);
    if (!changed(watch, key)) return false;
    const event: BillingKeyChangedEvent = {
      customer_uid: customerUid,
      saved: watch.saved,
      found: key ? summaryOf(key) : null,
    };
    await deps.doubts.reopen(customerUid, {
      ...watch.lost,
      last4: event.found?.last4 ?? watch.lost.last4,
    });
    await store.delete(storeKeys.billingKeyWatch(customerUid));
    deps.count?.();
    deps.log('error', 'billing_key.changed', {
      customer_uid: customerUid,
      saved_last4: event.saved?.last4 ?? null,
      found_last4: event.found?.last4 ?? null,
    });
    try {
      await deps.onChanged?.(event);
    } catch (error) {
      deps.log('error', 'hook.on_billing_key_changed_failed', {
        customer_uid: customerUid,
        error: error instanceof Error ? error.name : 'unknown',
      });
    }
    return true;
  }

  /** The timer's read-back, under the customer's lock so a registration cannot run beside it. */
  async function run(customerUid: string): Promise<void> {
    try {
      await withLock(store, lockNames.customer(customerUid), deps.lock, async () => {
        const watch = await read(customerUid);
        // A newer call in doubt may land legitimately: the registration that settles it watches
        // the card it saves instead (its record replaces this one).
        if (!watch || (await deps.doubts.has(customerUid))) return;
        if (deps.now() < watch.dueMs) return schedule(customerUid, watch.dueMs);
        if (!(await verify(customerUid, watch))) {
          await store.delete(storeKeys.billingKeyWatch(customerUid));
        }
      });
    } catch {
      // Store, lock or i'mport unavailable: the record stays; try again shortly.
      deps.log('warn', 'billing_key.watch_retry', { customer_uid: customerUid });
      schedule(customerUid, deps.now() + (deps.retryMs ?? 5000));
    }
  }

  return {
    /**
     * Under the customer's lock, before its card is replaced or deleted (and when no doubt was
     * just settled, nor is open: then a lost call of ours may be what i'mport holds, and the
     * settling registration's own watch replaces this one): a pending read-back is done now. A change is reported and answered CUSTOMER_IN_DOUBT; otherwise returns the watch
     * still running (not yet due), which the caller carries over to the card it saves.
     */
    async before(customerUid: string, context?: UpstreamCallContext): Promise<Watch | null> {
      const watch = await read(customerUid);
      if (!watch || (await deps.doubts.has(customerUid))) return null;
      if (await verify(customerUid, watch, context)) {
        throw new ServerError(
          'CUSTOMER_IN_DOUBT',
          'An earlier card registration for this customer is still being confirmed; try again shortly.',
          { retryAfter: Math.max(1, Math.ceil(deps.windowMs / 1000)) },
        );
      }
      if (deps.now() < watch.dueMs) return watch;
      await store.delete(storeKeys.billingKeyWatch(customerUid));
      return null;
    },

    /**
     * After a card was saved (or the key deleted: `card` null) for a registration that settled a
     * doubt (`lost`) or carried a watch: read it back a window after the doubt was settled. A
     * store that fails here loses only the read-back: the answer stands.
     */
    async after(
      customerUid: string,
      saved: { card: CardSummary | null; updatedS?: number | undefined },
      from: { lost: LostCall } | Watch,
    ): Promise<void> {
      const dueMs = 'dueMs' in from ? from.dueMs : deps.now() + deps.windowMs;
      const watch: Watch = { saved: saved.card, savedAtS: saved.updatedS, lost: from.lost, dueMs };
      try {
        const ttlMs = dueMs - deps.now() + TTL_MS.billingKeyWatch;
        await store.set(storeKeys.billingKeyWatch(customerUid), JSON.stringify(watch), ttlMs);
      } catch {
        deps.log('error', 'billing_key.watch_not_recorded', { customer_uid: customerUid });
        return;
      }
      schedule(customerUid, dueMs);
    },
  };
}

export type BillingKeyWatch = ReturnType<typeof createBillingKeyWatch>;
