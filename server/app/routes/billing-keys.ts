import { Hono } from 'hono';
import * as v from 'valibot';
import type { IamportClient } from '../../iamport/index.ts';
import type { AppEnv } from '../app-env.ts';
import { billingKeyResultOf } from '../payments/results.ts';
import { ServerError } from '../server-error.ts';
import { CustomerUidSchema } from '../uid-schema.ts';

function checkedUid(raw: string): string {
  if (!v.is(CustomerUidSchema, raw))
    throw new ServerError('INVALID_REQUEST', 'The customer_uid is not valid.');
  return raw;
}

/** What {@link billingKeysRoute} uses. */
export interface BillingKeysRouteDeps {
  iamport: Pick<IamportClient, 'getBillingKey' | 'deleteBillingKey'>;
}

/** `GET`/`DELETE /v1/billing-keys/{customer_uid}` (API key). */
export function billingKeysRoute(deps: BillingKeysRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const notFound = () =>
    new ServerError('NOT_FOUND', 'No billing key is stored under this customer_uid.');

  app.get('/:customer_uid', async (c) => {
    const uid = checkedUid(c.req.param('customer_uid'));
    const customer = await deps.iamport.getBillingKey(uid, { requestId: c.get('requestId') });
    if (!customer) throw notFound();
    return c.json({ status: 'success' as const, billing_key: billingKeyResultOf(customer) });
  });

  app.delete('/:customer_uid', async (c) => {
    const uid = checkedUid(c.req.param('customer_uid'));
    const customer = await deps.iamport.deleteBillingKey(uid, undefined, {
      requestId: c.get('requestId'),
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
