import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { isIamportError } from './index.ts';
import { CARD_FIELDS, CARDS, startIamportHarness, uid } from '../testing/index.ts';

describe('billing keys against the sandbox', async () => {
  let serverTime = Date.parse('2026-11-21T00:00:00Z');
  const env = await startIamportHarness({ now: () => serverTime }, { now: () => serverTime });
  const { client } = env;
  after(() => env.running.close());

  it('issues, reads, upserts, lists and deletes a key', async () => {
    const customerUid = uid('cust');
    const issued = await client.issueBillingKey(customerUid, {
      ...CARD_FIELDS,
      card_number: CARDS.approved,
      customer_name: '홍길동',
      customer_email: undefined,
    });
    assert.equal(issued.customer_uid, customerUid);
    assert.match(issued.card_number ?? '', /^\d{8}\*{4}4242$/);
    assert.equal(typeof issued.card_type, 'number');

    serverTime += 5_000;
    const replaced = await client.issueBillingKey(customerUid, {
      ...CARD_FIELDS,
      card_number: '5555-5555-5555-4444',
    });
    assert.equal(replaced.inserted, issued.inserted, 'upsert keeps inserted');
    assert.ok(replaced.updated > issued.updated, 'and moves updated');
    assert.match(replaced.card_number ?? '', /4444$/);

    assert.equal((await client.getBillingKey(customerUid))?.updated, replaced.updated);
    const listed = await client.getBillingKeys([customerUid, uid('none')]);
    assert.deepEqual(
      listed.map((c) => c.customer_uid),
      [customerUid],
    );
    assert.equal(
      (await client.deleteBillingKey(customerUid, 'user asked'))?.customer_uid,
      customerUid,
    );
    assert.equal(await client.getBillingKey(customerUid), null);
  });

  it('reports an expired card as CARD_DECLINED; a PG-error card fails at again', async () => {
    await assert.rejects(
      client.issueBillingKey(uid('cust'), { ...CARD_FIELDS, card_number: CARDS.expired }),
      (e) =>
        isIamportError(e, 'CARD_DECLINED') && e.upstreamCode !== undefined && e.upstreamCode !== 0,
    );
    const customerUid = uid('cust');
    await client.issueBillingKey(customerUid, { ...CARD_FIELDS, card_number: CARDS.pgError });
    await assert.rejects(
      client.payAgain({
        customer_uid: customerUid,
        merchant_uid: uid('order'),
        amount: 500,
        name: 'n',
      }),
      (e) => isIamportError(e, 'PG_ERROR') && e.upstreamCode === -1,
    );
  });

  for (const status of [200, 404] as const) {
    it(`returns null for an unknown key when the sandbox answers ${status}`, async () => {
      const other = await startIamportHarness({ missingCustomerStatus: status });
      try {
        assert.equal(await other.client.getBillingKey(uid('none')), null);
        assert.equal(await other.client.deleteBillingKey(uid('none')), null);
        assert.deepEqual(await other.client.getBillingKeys([uid('none'), uid('none')]), []);
        const lookups = other.events.filter(
          (e) => e.type === 'http' && e.path.startsWith('/subscribe/customers'),
        );
        assert.ok(
          lookups.every(
            (e) => e.type === 'http' && (e.status === status || e.path === '/subscribe/customers'),
          ),
        );
      } finally {
        await other.running.close();
      }
    });
  }
});
