import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { isIamportError } from './index.ts';
import { CARD_FIELDS, CARDS, startIamportHarness, uid } from '../testing/index.ts';

describe('payments against the sandbox', async () => {
  const env = await startIamportHarness();
  const { client } = env;
  const { sandbox } = env.running;
  after(() => env.running.close());

  const onetime = (card_number: string, merchant_uid = uid('order'), amount = 1000) =>
    client.payOnetime({ ...CARD_FIELDS, card_number, merchant_uid, amount, name: 'impcard test' });

  it('resolves a paid key-in payment', async () => {
    const merchantUid = uid('order');
    const paid = await onetime(CARDS.approved, merchantUid, 12_300);
    assert.equal(paid.status, 'paid');
    assert.equal(paid.amount, 12_300);
    assert.equal(paid.merchant_uid, merchantUid);
    assert.match(paid.imp_uid, /^imps_\d{12}$/);
    assert.ok(!paid.card_number?.includes('4242-4242'), 'only a masked number comes back');
    assert.equal(sandbox.attempts(merchantUid).length, 1);
  });

  it('tells a decline (code 0 + failed) from a PG error (code -1)', async () => {
    const declinedUid = uid('order');
    await assert.rejects(onetime(CARDS.declined, declinedUid), (e) => {
      assert.ok(isIamportError(e, 'CARD_DECLINED'));
      assert.equal(e.upstreamCode, 0);
      assert.equal(e.payment?.status, 'failed');
      assert.equal(e.payment?.merchant_uid, declinedUid);
      assert.ok(e.upstreamMessage && e.upstreamMessage.length > 0, 'fail_reason kept');
      return true;
    });
    await assert.rejects(onetime(CARDS.pgError), (e) => {
      assert.ok(isIamportError(e, 'PG_ERROR'));
      assert.equal(e.upstreamCode, -1);
      assert.equal(e.payment, undefined);
      assert.match(e.upstreamMessage ?? '', /PG/);
      return true;
    });
  });

  it('rejects a second payment of a paid merchant_uid, allows one after a failure', async () => {
    const merchantUid = uid('order');
    await assert.rejects(onetime(CARDS.declined, merchantUid), (e) =>
      isIamportError(e, 'CARD_DECLINED'),
    );
    await onetime(CARDS.approved, merchantUid);
    await assert.rejects(
      onetime(CARDS.approved, merchantUid),
      (e) => isIamportError(e, 'UPSTREAM_REJECTED') && e.upstreamCode === 1,
    );
    const statuses = sandbox.attempts(merchantUid).map((a) => a.status);
    assert.equal(statuses.filter((s) => s === 'paid').length, 1);
    assert.equal((await client.findPayment(merchantUid))?.status, 'paid');
    const all = await client.findAllPayments(merchantUid);
    assert.deepEqual(all.map((p) => p.status).sort(), ['failed', 'paid']);
  });

  it('charges a stored key with again, keeping the card behaviour', async () => {
    const good = uid('cust');
    const bad = uid('cust');
    await client.issueBillingKey(good, { ...CARD_FIELDS, card_number: CARDS.approved });
    await client.issueBillingKey(bad, { ...CARD_FIELDS, card_number: CARDS.declined });
    const paid = await client.payAgain({
      customer_uid: good,
      merchant_uid: uid('order'),
      amount: 9_900,
      name: 'plan',
    });
    assert.equal(paid.status, 'paid');
    assert.equal(paid.amount, 9_900);
    await assert.rejects(
      client.payAgain({
        customer_uid: bad,
        merchant_uid: uid('order'),
        amount: 9_900,
        name: 'plan',
      }),
      (e) => isIamportError(e, 'CARD_DECLINED'),
    );
    await assert.rejects(
      client.payAgain({
        customer_uid: uid('nobody'),
        merchant_uid: uid('order'),
        amount: 9_900,
        name: 'plan',
      }),
      (e) => isIamportError(e, 'UPSTREAM_REJECTED') && e.upstreamCode === 1,
    );
  });

  it('looks payments up by imp_uid and merchant_uid, null when unknown', async () => {
    const paid = await onetime(CARDS.approved);
    assert.equal((await client.getPayment(paid.imp_uid))?.merchant_uid, paid.merchant_uid);
    assert.equal(await client.getPayment('imps_000000000000'), null);
    assert.equal(await client.findPayment(uid('none')), null);
    assert.deepEqual(await client.findAllPayments(uid('none')), []);
  });

  it('cancels partially with a checksum and refuses a wrong checksum', async () => {
    const paid = await onetime(CARDS.approved, uid('order'), 10_000);
    const partial = await client.cancelPayment({
      imp_uid: paid.imp_uid,
      amount: 3_000,
      checksum: 10_000,
      reason: 'test',
    });
    assert.equal(partial.cancel_amount, 3_000);
    await assert.rejects(
      client.cancelPayment({ imp_uid: paid.imp_uid, amount: 1_000, checksum: 10_000 }),
      (e) => isIamportError(e, 'UPSTREAM_REJECTED'),
    );
    const full = await client.cancelPayment({ imp_uid: paid.imp_uid, checksum: 7_000 });
    assert.equal(full.status, 'cancelled');
    assert.equal(full.cancel_amount, 10_000);
  });
});
