import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImpCustomer, ImpPayment } from './index.ts';
import {
  assertRefused,
  CARD_FIELDS,
  CARDS,
  okResponse,
  startSandboxHarness,
  uid,
  type SandboxHarness,
} from '../testing/index.ts';

interface Paged {
  total: number;
  previous: number;
  next: number;
  list: ImpPayment[];
}

describe('payments: onetime, again and lookups', () => {
  // Before today, so the valid card, whose expiry runs ahead of the real date, is never past.
  let clock = Date.UTC(2026, 5, 1, 3, 0, 0);
  let h: SandboxHarness;
  before(async () => {
    h = await startSandboxHarness({ now: () => clock });
  });
  after(() => h.close());

  const onetime = (body: Record<string, unknown>, form = false) =>
    h.post<ImpPayment>(
      '/subscribe/payments/onetime',
      { ...CARD_FIELDS, amount: 1000, name: '정기결제', ...body },
      { form },
    );
  const again = (body: Record<string, unknown>, form = false) =>
    h.post<ImpPayment>(
      '/subscribe/payments/again',
      { amount: 1000, name: '정기결제', ...body },
      { form },
    );
  const issue = (customerUid: string, cardNumber: string, pg?: string) =>
    h.post<ImpCustomer>(`/subscribe/customers/${customerUid}`, {
      ...CARD_FIELDS,
      card_number: cardNumber,
      ...(pg ? { pg } : {}),
    });

  it('approves any other Luhn-valid card with a full Payment object', async () => {
    const merchantUid = uid('order');
    const p = okResponse(
      await onetime({
        merchant_uid: merchantUid,
        card_number: CARDS.approved,
        buyer_name: '홍길동',
        custom_data: { plan: 'pro' },
      }),
    );
    assert.match(p.imp_uid, /^imps_\d{12}$/);
    assert.equal(p.merchant_uid, merchantUid);
    assert.equal(p.status, 'paid');
    assert.equal(p.channel, 'api');
    assert.equal(p.pay_method, 'card');
    assert.equal(p.amount, 1000);
    assert.equal(p.cancel_amount, 0);
    assert.equal(p.currency, 'KRW');
    assert.equal(p.card_number, '42424242****4242');
    assert.equal(p.card_type, 0);
    assert.equal(p.custom_data, '{"plan":"pro"}');
    assert.equal(p.buyer_name, '홍길동');
    assert.equal(p.customer_uid, null);
    assert.equal(p.customer_uid_usage, null);
    assert.equal(p.sandbox, true);
    assert.equal(p.started_at, clock / 1000);
    assert.equal(p.paid_at, p.started_at);
    for (const key of ['failed_at', 'cancelled_at', 'vbank_date', 'vbank_issued_at'] as const)
      assert.equal(p[key], 0, key);
    for (const key of ['started_at', 'paid_at'] as const) assert.ok(Number.isInteger(p[key]));
    assert.equal(p.fail_reason, null);
    assert.deepEqual(p.cancel_history, []);
    assert.match(p.apply_num, /^\d{8}$/);
    for (const key of [
      'imp_uid',
      'merchant_uid',
      'amount',
      'cancel_amount',
      'currency',
      'status',
      'sandbox',
      'pg_provider',
      'pg_id',
      'pg_tid',
      'receipt_url',
      'user_agent',
    ]) {
      assert.ok(key in p, key);
    }
    assert.deepEqual(okResponse(await h.get<ImpPayment>(`/payments/${p.imp_uid}`)), p);
  });

  it('declines 4000-0000-0000-0002 with code 0, status failed and a fail_reason', async () => {
    const answer = await onetime({ merchant_uid: uid('dec'), card_number: CARDS.declined });
    const p = okResponse(answer);
    assert.equal(p.status, 'failed');
    assert.equal(typeof p.fail_reason, 'string');
    assert.ok(p.failed_at > 0);
    assert.equal(p.paid_at, 0);
    assert.match(p.imp_uid, /^imps_\d{12}$/);
  });

  it('answers 4000-0000-0000-0119 with a PG error: code -1, response null', async () => {
    const merchantUid = uid('pge');
    assertRefused(
      await onetime({ merchant_uid: merchantUid, card_number: CARDS.pgError }),
      -1,
      200,
      /\[PG\]/,
    );
    // The failed attempt is on record, so the merchant can see it happened.
    const found = okResponse(await h.get<ImpPayment>(`/payments/find/${merchantUid}`));
    assert.equal(found.status, 'failed');
    assert.deepEqual(
      h.running.sandbox.attempts(merchantUid).map((a) => a.outcome),
      ['pg_error'],
    );
  });

  it('refuses Luhn failures and the expired test card with code -1', async () => {
    assertRefused(
      await onetime({ merchant_uid: uid('luhn'), card_number: CARDS.luhnFail }),
      -1,
      200,
      '유효하지않은 카드번호를 입력하셨습니다.',
    );
    assertRefused(
      await onetime({ merchant_uid: uid('exp'), card_number: CARDS.expired }),
      -1,
      200,
      /유효기간/,
    );
  });

  it('allows only one paid payment per merchant_uid, retries after failed', async () => {
    const merchantUid = uid('dup');
    okResponse(await onetime({ merchant_uid: merchantUid, card_number: CARDS.declined }));
    assertRefused(await onetime({ merchant_uid: merchantUid, card_number: CARDS.pgError }), -1);
    clock += 1000;
    const paid = okResponse(
      await onetime({ merchant_uid: merchantUid, card_number: CARDS.approved }),
    );
    assert.equal(paid.status, 'paid');
    assertRefused(
      await onetime({ merchant_uid: merchantUid, card_number: CARDS.approved }),
      1,
      200,
      '이미 결제가 이루어진 거래건입니다.',
    );
    const customerUid = uid('dupkey');
    okResponse(await issue(customerUid, CARDS.approved));
    assertRefused(
      await again({ merchant_uid: merchantUid, customer_uid: customerUid }),
      1,
      200,
      '이미 결제가 이루어진 거래건입니다.',
    );
    const attempts = h.running.sandbox.attempts(merchantUid);
    assert.deepEqual(
      attempts.map((a) => a.status),
      ['failed', 'failed', 'paid'],
    );
    assert.equal(attempts.filter((a) => a.status === 'paid').length, 1);

    const viaHttp = await fetch(`${h.url}/__sandbox/payments?merchant_uid=${merchantUid}`);
    assert.equal(viaHttp.status, 404); // controls are off in this harness
  });

  it('concurrent attempts on one merchant_uid: exactly one is paid', async () => {
    const merchantUid = uid('race');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        onetime({ merchant_uid: merchantUid, card_number: CARDS.approved }),
      ),
    );
    assert.equal(answers.filter((a) => a.code === 0).length, 1);
    for (const a of answers.filter((x) => x.code !== 0))
      assertRefused(a, 1, 200, '이미 결제가 이루어진 거래건입니다.');
    assert.deepEqual(
      h.running.sandbox.attempts(merchantUid).map((a) => a.status),
      ['paid'],
    );
  });

  it('onetime with customer_uid stores the key (usage "issue"); again charges it (usage "payment")', async () => {
    const customerUid = uid('cu');
    const first = okResponse(
      await onetime({
        merchant_uid: uid('first'),
        card_number: CARDS.bc,
        customer_uid: customerUid,
        buyer_email: 'a@b.kr',
      }),
    );
    assert.equal(first.customer_uid, customerUid);
    assert.equal(first.customer_uid_usage, 'issue');
    const key = okResponse(await h.get<ImpCustomer>(`/subscribe/customers/${customerUid}`));
    assert.equal(key.card_number, '94900000****0008');
    assert.equal(key.customer_email, 'a@b.kr');
    const second = okResponse(
      await again({ merchant_uid: uid('second'), customer_uid: customerUid, amount: '2500' }, true),
    );
    assert.equal(second.status, 'paid');
    assert.equal(second.amount, 2500);
    assert.equal(second.customer_uid_usage, 'payment');
    assert.equal(second.card_name, 'BC카드');
    assert.equal(second.card_number, key.card_number);
  });

  it('a declined onetime with customer_uid stores no key', async () => {
    const customerUid = uid('nokey');
    okResponse(
      await onetime({
        merchant_uid: uid('o'),
        card_number: CARDS.declined,
        customer_uid: customerUid,
      }),
    );
    assertRefused(await h.get(`/subscribe/customers/${customerUid}`), 1);
  });

  it('again keeps the issued card behaviour: decline and PG error', async () => {
    const declinedKey = uid('deckey');
    const pgKey = uid('pgkey');
    okResponse(await issue(declinedKey, CARDS.declined));
    okResponse(await issue(pgKey, CARDS.pgError));
    const declined = okResponse(await again({ merchant_uid: uid('m'), customer_uid: declinedKey }));
    assert.equal(declined.status, 'failed');
    assert.ok(declined.fail_reason);
    assertRefused(await again({ merchant_uid: uid('m'), customer_uid: pgKey }), -1, 200, /\[PG\]/);
  });

  it('again: unknown customer and missing name', async () => {
    assertRefused(
      await again({ merchant_uid: uid('m'), customer_uid: uid('ghost') }),
      1,
      200,
      '등록되지 않은 구매자입니다.',
    );
    const customerUid = uid('named');
    okResponse(await issue(customerUid, CARDS.approved));
    assertRefused(
      await again({ merchant_uid: uid('m'), customer_uid: customerUid, name: undefined }),
      1,
      200,
      'name 파라메터가 누락되었습니다.',
    );
    assertRefused(
      await again({ merchant_uid: uid('m'), customer_uid: customerUid, amount: -5 }),
      1,
      200,
      /amount/,
    );
    assertRefused(
      await again({ merchant_uid: 'm'.repeat(41), customer_uid: customerUid }),
      1,
      200,
      /merchant_uid/,
    );
  });

  it('paymentwall: onetime with customer_uid issues the key, then again works (buyer email both times)', async () => {
    const customerUid = uid('pw');
    const keyAndPayment = {
      merchant_uid: uid('pw1'),
      card_number: CARDS.approved,
      customer_uid: customerUid,
      pg: 'paymentwall',
      // A foreign card's birth: i'mport documents 000000 as accepted.
      birth: '000000',
      currency: 'USD',
    };
    const noEmail = await onetime(keyAndPayment);
    assert.deepEqual(
      [noEmail.code, noEmail.message],
      [1, 'buyer_email 파라메터가 누락되었습니다.'],
    );
    const noBirth = await onetime({
      ...keyAndPayment,
      birth: undefined,
      buyer_email: 'b@example.com',
    });
    assert.equal(noBirth.message, 'birth 파라메터가 누락되었습니다.');
    const first = okResponse(await onetime({ ...keyAndPayment, buyer_email: 'b@example.com' }));
    assert.equal(first.pg_provider, 'paymentwall');
    assert.equal(first.currency, 'USD');
    const key = okResponse(await h.get<ImpCustomer>(`/subscribe/customers/${customerUid}`));
    assert.equal(key.pg_provider, 'paymentwall');
    assert.equal(
      okResponse(
        await again({
          merchant_uid: uid('pw2'),
          customer_uid: customerUid,
          buyer_email: 'b@example.com',
        }),
      ).pg_provider,
      'paymentwall',
    );
  });

  for (const pg of ['jtnet', 'kcp', 'daou']) {
    it(`${pg}: all four flows (issue, onetime, onetime+key, again)`, async () => {
      const issued = okResponse(await issue(uid(pg), CARDS.approved, pg));
      assert.equal(issued.pg_provider, pg);
      assert.equal(
        okResponse(await onetime({ merchant_uid: uid(pg), card_number: CARDS.approved, pg }))
          .pg_provider,
        pg,
      );
      const customerUid = uid(pg);
      assert.equal(
        okResponse(
          await onetime({
            merchant_uid: uid(pg),
            card_number: CARDS.approved,
            pg,
            customer_uid: customerUid,
          }),
        ).status,
        'paid',
      );
      for (const key of [issued.customer_uid, customerUid]) {
        const p = okResponse(await again({ merchant_uid: uid(pg), customer_uid: key }));
        assert.equal(p.pg_provider, pg);
        assert.equal(p.status, 'paid');
      }
    });
  }

  it('installments need at least 50,000 KRW', async () => {
    assertRefused(
      await onetime({
        merchant_uid: uid('q'),
        card_number: CARDS.approved,
        card_quota: 3,
        amount: 10_000,
      }),
      -1,
    );
    assert.equal(
      okResponse(
        await onetime({
          merchant_uid: uid('q'),
          card_number: CARDS.approved,
          card_quota: 3,
          amount: 50_000,
        }),
      ).card_quota,
      3,
    );
  });

  it('find returns the latest attempt (or the latest in a status); findAll pages them all', async () => {
    const merchantUid = uid('find');
    const failed = okResponse(
      await onetime({ merchant_uid: merchantUid, card_number: CARDS.declined }),
    );
    clock += 1000;
    const paid = okResponse(
      await onetime({ merchant_uid: merchantUid, card_number: CARDS.approved }),
    );
    assert.equal(
      okResponse(await h.get<ImpPayment>(`/payments/find/${merchantUid}`)).imp_uid,
      paid.imp_uid,
    );
    assert.equal(
      okResponse(await h.get<ImpPayment>(`/payments/find/${merchantUid}/failed`)).imp_uid,
      failed.imp_uid,
    );
    assert.equal(
      okResponse(await h.get<ImpPayment>(`/payments/find/${merchantUid}?sorting=started`)).imp_uid,
      failed.imp_uid,
    );
    assertRefused(
      await h.get(`/payments/find/${merchantUid}/cancelled`),
      -1,
      404,
      '존재하지 않는 결제정보입니다.',
    );
    assertRefused(
      await h.get(`/payments/find/${merchantUid}/bogus`),
      -1,
      400,
      '지원되지 않는 상태값입니다.',
    );
    assertRefused(
      await h.get(`/payments/find/${uid('none')}`),
      -1,
      404,
      '존재하지 않는 결제정보입니다.',
    );

    const all = okResponse(await h.get<Paged>(`/payments/findAll/${merchantUid}`));
    assert.equal(all.total, 2);
    assert.equal(all.previous, 0);
    assert.equal(all.next, 0);
    assert.deepEqual(
      all.list.map((p) => p.imp_uid),
      [paid.imp_uid, failed.imp_uid],
    );
    const page1 = okResponse(await h.get<Paged>(`/payments/findAll/${merchantUid}?limit=1`));
    assert.deepEqual([page1.total, page1.previous, page1.next, page1.list.length], [2, 0, 2, 1]);
    const page2 = okResponse(await h.get<Paged>(`/payments/findAll/${merchantUid}?limit=1&page=2`));
    assert.deepEqual([page2.previous, page2.next, page2.list[0]?.imp_uid], [1, 0, failed.imp_uid]);
    assert.equal(okResponse(await h.get<Paged>(`/payments/findAll/${merchantUid}/paid`)).total, 1);
    assertRefused(await h.get(`/payments/findAll/${uid('none')}`), -1, 404);
  });

  it('merchant_uid with special characters round-trips through the path', async () => {
    const merchantUid = `주문/${uid('x')}?#`;
    okResponse(await onetime({ merchant_uid: merchantUid, card_number: CARDS.approved }));
    const found = okResponse(
      await h.get<ImpPayment>(`/payments/find/${encodeURIComponent(merchantUid)}`),
    );
    assert.equal(found.merchant_uid, merchantUid);
  });

  it('GET /payments?imp_uid[]=…&merchant_uid[]=… answers 200 / 207 / 404', async () => {
    const a = okResponse(
      await onetime({ merchant_uid: uid('multi'), card_number: CARDS.approved }),
    );
    const b = okResponse(
      await onetime({ merchant_uid: uid('multi'), card_number: CARDS.declined }),
    );
    const all = await h.get<ImpPayment[]>(
      `/payments?imp_uid[]=${a.imp_uid}&merchant_uid[]=${b.merchant_uid}`,
    );
    assert.equal(all.status, 200);
    assert.deepEqual(
      all.response.map((p) => p.imp_uid),
      [a.imp_uid, b.imp_uid],
    );
    const some = await h.get<ImpPayment[]>(
      `/payments?imp_uid[]=${a.imp_uid}&imp_uid[]=imps_000000000000`,
    );
    assert.equal(some.status, 207);
    assert.deepEqual(
      some.response.map((p) => p.imp_uid),
      [a.imp_uid],
    );
    assertRefused(await h.get('/payments?imp_uid[]=imps_000000000000'), -1, 404);
    assertRefused(await h.get('/payments'), -1, 400);
  });

  it('GET /payments/{imp_uid} of an unknown id is 404', async () => {
    assertRefused(
      await h.get('/payments/imps_999999999999'),
      -1,
      404,
      '존재하지 않는 결제정보입니다.',
    );
  });

  it('lists a key’s payments newest first', async () => {
    const customerUid = uid('hist');
    okResponse(await issue(customerUid, CARDS.approved));
    const a = okResponse(await again({ merchant_uid: uid('h'), customer_uid: customerUid }));
    clock += 1000;
    const b = okResponse(await again({ merchant_uid: uid('h'), customer_uid: customerUid }));
    const list = okResponse(await h.get<Paged>(`/subscribe/customers/${customerUid}/payments`));
    assert.deepEqual(
      list.list.map((p) => p.imp_uid),
      [b.imp_uid, a.imp_uid],
    );
  });
});
