import type { BillingKeyDirectory } from '../../upstream/index.ts';
import type { Store } from '../store/store.ts';
import { storeKeys, TTL_MS } from './store-keys.ts';

/**
 * customer_uid → PortOne V2 billing key, in the store (Redis when several instances share one).
 * A read renews the entry, so a key in use never expires. Losing the store (a Redis without
 * persistence restarted, an eviction, the memory store's restart) loses nothing for good: PortOne
 * records our customer_uid on every key it issues (`customer.id`), and the V2 upstream rebuilds a
 * missing entry from `GET /billing-keys` filtered by it, taking the newest key still issued.
 */
export function createBillingKeyDirectory(store: Store): BillingKeyDirectory {
  return {
    async get(customerId) {
      const key = storeKeys.billingKeyRef(customerId);
      const billingKey = await store.get(key);
      if (billingKey !== null) {
        // Renewed on use; a failed renewal only shortens its life, the lookup stands.
        await store.set(key, billingKey, TTL_MS.billingKeyRef).catch(() => undefined);
      }
      return billingKey;
    },
    set: (customerId, billingKey) =>
      store.set(storeKeys.billingKeyRef(customerId), billingKey, TTL_MS.billingKeyRef),
    delete: (customerId) => store.delete(storeKeys.billingKeyRef(customerId)),
  };
}
