import { Hono } from 'hono';
import * as v from 'valibot';
import type { Upstream } from '../../upstream/index.ts';
import type { AppEnv } from '../app-env.ts';
import type { BillingKeyWatch } from '../payments/billing-key-watch.ts';
import type { CustomerDoubts } from '../payments/customer-doubt.ts';
import { billingKeyResultOf } from '../payments/results.ts';
import { lockNames } from '../payments/store-keys.ts';
import { withLock, type LockOptions } from '../payments/with-lock.ts';
import { ServerError } from '../server-error.ts';
import type { Store } from '../store/store.ts';
import { CustomerUidSchema } from '../uid-schema.ts';

function checkedUid(raw: string): string {
  if (!v.is(CustomerUidSchema, raw))
    throw new ServerError('INVALID_REQUEST', 'The customer_uid is not valid.');
  return raw;
}

/** What {@link billingKeysRoute} uses. */
export interface BillingKeysRouteDeps {
  upstream: Pick<Upstream, 'getBillingKey' | 'deleteBillingKey'>;
  store: Store;
  doubts: Pick<CustomerDoubts, 'assertSettled'>;
  /** A late landing still watched for is checked first, and then watched for against no key. */
  watch: Pick<BillingKeyWatch, 'before' | 'after'>;
  lock: LockOptions;
}

/** `GET`/`DELETE /v1/billing-keys/{customer_uid}` (API key). */
export function billingKeysRoute(deps: BillingKeysRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const notFound = () =>
    new ServerError('NOT_FOUND', 'No billing key is stored under this customer_uid.');

  app.get('/:customer_uid', async (c) => {
    const uid = checkedUid(c.req.param('customer_uid'));
    const key = await deps.upstream.getBillingKey(uid, { requestId: c.get('requestId') });
    if (!key) throw notFound();
    return c.json({ status: 'success' as const, billing_key: billingKeyResultOf(key) });
  });

  app.delete('/:customer_uid', async (c) => {
    const uid = checkedUid(c.req.param('customer_uid'));
    // A key-storing call is an upsert: one running, or lost and still able to land, would bring
    // the key back after this delete. So the delete takes its turn under the customer's lock and
    // is refused while a lost one may land (CUSTOMER_IN_DOUBT, Retry-After).
    const customer = await withLock(deps.store, lockNames.customer(uid), deps.lock, async () => {
      await deps.doubts.assertSettled(uid);
      const context = { requestId: c.get('requestId') };
      const watched = await deps.watch.before(uid, context);
      const deleted = await deps.upstream.deleteBillingKey(uid, context);
      if (watched) await deps.watch.after(uid, { card: null }, watched);
      return deleted;
    });
    if (!customer) throw notFound();
    c.get('log')('info', 'billing_key.deleted', { customer_uid: uid });
    return c.json({
      status: 'success' as const,
      deleted: true,
      billing_key: billingKeyResultOf(customer),
    });
  });
  return app;
}
