import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryStore } from '../store/memory-store.ts';
import { StoreUnavailableError } from '../store/store.ts';
import { createBillingKeyDirectory } from './billing-key-directory.ts';
import { storeKeys, TTL_MS } from './store-keys.ts';

describe('the billing-key directory (PortOne V2)', () => {
  it('keeps a key in use for good: every read renews it', async () => {
    let now = 0;
    const store = createMemoryStore({ now: () => now });
    const directory = createBillingKeyDirectory(store);
    await directory.set('c1', 'billing-key-1');
    await directory.set('c2', 'billing-key-2');
    for (let i = 0; i < 3; i++) {
      now += TTL_MS.billingKeyRef - 1;
      assert.equal(await directory.get('c1'), 'billing-key-1');
    }
    assert.equal(await directory.get('c2'), null, 'one never read lives its TTL only');
    assert.equal(await store.get(storeKeys.billingKeyRef('c1')), 'billing-key-1');
    await directory.delete('c1');
    assert.equal(await directory.get('c1'), null);
  });

  it('a read stands when only its renewal fails; a store that cannot be read says so', async () => {
    const store = createMemoryStore();
    const directory = createBillingKeyDirectory(store);
    await directory.set('c3', 'billing-key-3');
    store.set = () => Promise.reject(new StoreUnavailableError('down'));
    assert.equal(await directory.get('c3'), 'billing-key-3');
    store.get = () => Promise.reject(new StoreUnavailableError('down'));
    await assert.rejects(directory.get('c3'), StoreUnavailableError);
  });
});
