import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImpPayment } from './index.ts';
import {
  assertRefused,
  CARD_FIELDS,
  CARDS,
  okResponse,
  startSandboxHarness,
  uid,
  type SandboxHarness,
} from '../testing/index.ts';

describe('POST /payments/cancel', () => {
  // Before today, so the valid card, whose expiry runs ahead of the real date, is never past.
  let clock = Date.UTC(2026, 5, 1);
  let h: SandboxHarness;
  before(async () => {
    h = await startSandboxHarness({ now: () => clock });
  });
  after(() => h.close());

  const pay = async (amount = 10_000, card: string = CARDS.approved): Promise<ImpPayment> =>
    okResponse(
      await h.post<ImpPayment>('/subscribe/payments/onetime', {
        ...CARD_FIELDS,
        card_number: card,
        merchant_uid: uid('c'),
        amount,
      }),
    );
  const cancel = (body: Record<string, unknown>, form = false) =>
    h.post<ImpPayment>('/payments/cancel', body, { form });

  it('cancels in full by imp_uid', async () => {
    const p = await pay();
    clock += 5000;
    const c = okResponse(await cancel({ imp_uid: p.imp_uid, reason: '고객 요청' }));
    assert.equal(c.status, 'cancelled');
    assert.equal(c.cancel_amount, 10_000);
    assert.equal(c.cancelled_at, clock / 1000);
    assert.equal(c.cancel_reason, '고객 요청');
    assert.equal(c.cancel_history.length, 1);
    const entry = c.cancel_history[0];
    assert.equal(entry?.amount, 10_000);
    assert.equal(entry?.reason, '고객 요청');
    assert.equal(typeof entry?.cancellation_id, 'string');
    assert.ok((entry?.cancellation_id.length ?? 0) > 0);
    assert.deepEqual(okResponse(await h.get<ImpPayment>(`/payments/${p.imp_uid}`)), c);
    assertRefused(await cancel({ imp_uid: p.imp_uid }), 1, 200, /이미 전액취소/);
    // A cancelled merchant_uid stays used: paying it again is refused.
    const again = await h.post('/subscribe/payments/onetime', {
      ...CARD_FIELDS,
      card_number: CARDS.approved,
      merchant_uid: p.merchant_uid,
      amount: 10_000,
    });
    assertRefused(again, 1, 200, '이미 결제가 이루어진 거래건입니다.');
  });

  it('cancels partially with a checksum, then the rest (form body, merchant_uid)', async () => {
    const p = await pay(10_000);
    const first = okResponse(await cancel({ imp_uid: p.imp_uid, amount: 3000, checksum: 10_000 }));
    assert.equal(first.status, 'paid');
    assert.equal(first.cancel_amount, 3000);
    assert.equal(first.cancelled_at, 0);
    const second = okResponse(
      await cancel({ merchant_uid: p.merchant_uid, checksum: '7000' }, true),
    );
    assert.equal(second.status, 'cancelled');
    assert.equal(second.cancel_amount, 10_000);
    assert.deepEqual(
      second.cancel_history.map((e) => e.amount),
      [3000, 7000],
    );
    assert.notEqual(
      second.cancel_history[0]?.cancellation_id,
      second.cancel_history[1]?.cancellation_id,
    );
  });

  it('refuses a wrong checksum with a clear message and changes nothing', async () => {
    const p = await pay(10_000);
    okResponse(await cancel({ imp_uid: p.imp_uid, amount: 1000 }));
    assertRefused(
      await cancel({ imp_uid: p.imp_uid, amount: 1000, checksum: 10_000 }),
      1,
      200,
      /checksum.*9000/,
    );
    assert.equal(okResponse(await h.get<ImpPayment>(`/payments/${p.imp_uid}`)).cancel_amount, 1000);
  });

  it('refuses over-cancelling', async () => {
    const p = await pay(5000);
    assertRefused(await cancel({ imp_uid: p.imp_uid, amount: 6000 }), 1, 200, /초과/);
    assert.equal(okResponse(await h.get<ImpPayment>(`/payments/${p.imp_uid}`)).status, 'paid');
  });

  it('refuses unknown payments, missing ids and failed payments', async () => {
    assertRefused(
      await cancel({ imp_uid: 'imps_000000000001' }),
      1,
      200,
      '취소할 결제건이 존재하지 않습니다.',
    );
    assertRefused(
      await cancel({ merchant_uid: uid('none') }),
      1,
      200,
      '취소할 결제건이 존재하지 않습니다.',
    );
    assertRefused(await cancel({ reason: 'x' }), 1, 200, /지정해주셔야합니다\.$/);
    const failed = await pay(1000, CARDS.declined);
    assertRefused(await cancel({ imp_uid: failed.imp_uid }), 1);
    assertRefused(await cancel({ imp_uid: failed.imp_uid, amount: 'lots' }), 1, 200, /amount/);
  });
});
