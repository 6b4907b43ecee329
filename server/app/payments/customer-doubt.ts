import {
  billingKeyLanded,
  type IamportCallContext,
  type IamportClient,
  type IamportClock,
  type ImpCustomer,
} from '../../iamport/index.ts';
import { ServerError } from '../server-error.ts';
import type { Store } from '../store/store.ts';
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

export interface CustomerDoubtDeps {
  store: Store;
  /** Its `clock`, when it has one, translates `now` to i'mport's clock, which stamps the key. */
  iamport: Pick<IamportClient, 'getBillingKey'> & { readonly clock?: IamportClock | undefined };
  now: () => number;
  /** How long after it was sent a call to i'mport may still take effect. */
  windowMs: number;
}

/**
 * Customers whose billing key is in doubt. A billing-key issue is an upsert: when one is lost and
 * lands late, it silently replaces whatever the customer registered meanwhile. So while it may
 * still land, every other key-storing registration for the customer is refused with the retryable
 * CUSTOMER_IN_DOUBT (Retry-After: the rest of the window); once the window has passed the customer
 * is read back and the lost call's outcome is known by the same rule as the client's own
 * reconciliation (`billingKeyLanded`: the masked number, and `updated` on i'mport's clock).
 */
export function createCustomerDoubts(deps: CustomerDoubtDeps) {
  const { store } = deps;
  return {
    /**
     * Before a key-storing call for `customerUid`. Throws CUSTOMER_IN_DOUBT within the window;
     * after it, resolves the doubt and returns the key when the lost call was this very request's
     * (same token, same card) and did land: that is its answer. `onLanded` is told the token whose
     * lost call landed, so its once-only mark can be set.
     */
    async settle(
      customerUid: string,
      request: {
        jti: string;
        kind: DoubtKind;
        last4: string;
        context?: IamportCallContext | undefined;
      },
      onLanded: (jti: string) => Promise<void>,
    ): Promise<ImpCustomer | null> {
      const key = storeKeys.customerInDoubt(customerUid);
      const raw = await store.get(key);
      if (!raw) return null;
      const doubt = JSON.parse(raw) as Doubt;
      const now = deps.now();
      // A payment retried with the same token is bound to its merchant_uid: i'mport accepts one
      // paid payment for it, so that retry is safe while the first may still land.
      const sameIntent = doubt.jti === request.jti && doubt.kind === 'payment';
      if (now < doubt.untilMs && !sameIntent) {
        throw new ServerError(
          'CUSTOMER_IN_DOUBT',
          'An earlier card registration for this customer is still being confirmed; try again shortly.',
          { retryAfter: Math.max(1, Math.ceil((doubt.untilMs - now) / 1000)) },
        );
      }
      if (sameIntent) return null;
      // Lookup failures reject (503: nothing happened) and keep the doubt for the next attempt.
      const customer = await deps.iamport.getBillingKey(customerUid, request.context);
      const landed = billingKeyLanded(
        customer,
        { sentAtMs: doubt.startedMs, last4: doubt.last4 },
        deps.iamport.clock,
      );
      if (landed && doubt.kind === 'billing_key') await onLanded(doubt.jti);
      await store.delete(key);
      const same = doubt.jti === request.jti && doubt.last4 === request.last4;
      return landed && same && doubt.kind === 'billing_key' ? customer : null;
    },

    /** After a key-storing call ended in OUTCOME_UNKNOWN. */
    async mark(
      customerUid: string,
      doubt: { jti: string; kind: DoubtKind; last4: string; startedMs: number },
    ): Promise<void> {
      const value: Doubt = { ...doubt, untilMs: doubt.startedMs + deps.windowMs };
      await store.set(
        storeKeys.customerInDoubt(customerUid),
        JSON.stringify(value),
        TTL_MS.customerInDoubt,
      );
    },
  };
}

export type CustomerDoubts = ReturnType<typeof createCustomerDoubts>;
