import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImpCustomer } from './index.ts';
import {
  assertRefused,
  CARD_FIELDS,
  CARDS,
  okResponse,
  startSandboxHarness,
  uid,
  type SandboxHarness,
} from '../testing/index.ts';

describe('billing keys: /subscribe/customers', () => {
  // Before today, so the valid card, whose expiry runs ahead of the real date, is never past.
  let clock = Date.UTC(2026, 5, 1);
  let h: SandboxHarness;
  before(async () => {
    h = await startSandboxHarness({ now: () => clock });
  });
  after(() => h.close());

  const issue = (customerUid: string, body: Record<string, unknown>, form = false) =>
    h.post<ImpCustomer>(
      `/subscribe/customers/${encodeURIComponent(customerUid)}`,
      { ...CARD_FIELDS, ...body },
      { form },
    );

  it('issues a key with a masked number, integer card_type, card name and the default channel', async () => {
    const id = uid('cust');
    const customer = okResponse(
      await issue(id, { card_number: '5365-7000-1234-1239', customer_name: '홍길동' }),
    );
    assert.equal(customer.customer_uid, id);
    assert.equal(customer.card_number, '53657000****1239');
    assert.equal(customer.card_type, 0);
    assert.equal(customer.card_name, 'KB국민카드');
    assert.equal(customer.pg_provider, 'nice');
    assert.equal(customer.pg_id, 'nictest04m');
    assert.equal(customer.sandbox, true);
    assert.equal(customer.customer_name, '홍길동');
    assert.equal(customer.inserted, clock / 1000);
    assert.ok(!JSON.stringify(customer).includes('5365700012341239'));
  });

  it('is an upsert: inserted kept, updated and card replaced', async () => {
    const id = uid('upsert');
    const first = okResponse(await issue(id, { card_number: CARDS.approved }));
    clock += 60_000;
    const second = okResponse(await issue(id, { card_number: CARDS.bc, pg: 'kcp' }));
    assert.equal(second.inserted, first.inserted);
    assert.equal(second.updated, first.updated + 60);
    assert.equal(second.card_number, '94900000****0008');
    assert.equal(second.card_name, 'BC카드');
    assert.equal(second.card_type, 1);
    assert.equal(second.pg_provider, 'kcp');
    assert.deepEqual(okResponse(await h.get<ImpCustomer>(`/subscribe/customers/${id}`)), second);
  });

  it('accepts form bodies and any dash grouping (Amex 4-6-5)', async () => {
    const customer = okResponse(
      await issue(uid('form'), { card_number: CARDS.amex, pg: 'jtnet.MYMID' }, true),
    );
    assert.equal(customer.card_number, '37828224****0005');
    assert.equal(customer.pg_provider, 'jtnet');
    assert.equal(customer.pg_id, 'MYMID');
  });

  it('falls back to the default channel for an unknown pg', async () => {
    const customer = okResponse(
      await issue(uid('unknownpg'), { card_number: CARDS.approved, pg: 'nonexistent.X' }),
    );
    assert.equal(customer.pg_provider, 'nice');
  });

  it('refuses a standalone key on paymentwall with a clear code 1', async () => {
    const answer = await issue(uid('pw'), { card_number: CARDS.approved, pg: 'paymentwall' });
    assertRefused(answer, 1, 200, /paymentwall.*onetime/);
  });

  it('rejects Luhn failures with the PG text, code -1', async () => {
    assertRefused(
      await issue(uid('luhn'), { card_number: CARDS.luhnFail }),
      -1,
      200,
      '유효하지않은 카드번호를 입력하셨습니다.',
    );
  });

  it('fails the expired test card at issue (code -1), and past expiry dates', async () => {
    const id = uid('expired');
    assertRefused(await issue(id, { card_number: CARDS.expired }), -1, 200, /유효기간/);
    assertRefused(await h.get(`/subscribe/customers/${id}`), 1);
    assertRefused(
      await issue(uid('past'), { card_number: CARDS.approved, expiry: '2026-05' }),
      -1,
      200,
      /유효기간/,
    );
    okResponse(await issue(uid('thismonth'), { card_number: CARDS.approved, expiry: '2026-06' }));
  });

  it('issues keys for the declined and PG-error test cards (they fail later, on payment)', async () => {
    okResponse(await issue(uid('dec'), { card_number: CARDS.declined }));
    okResponse(await issue(uid('pge'), { card_number: CARDS.pgError }));
  });

  it('validates formats with code 1 naming the field, never echoing it', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ card_number: '4242 4242 4242 4242' }, 'card_number'],
      [{ card_number: '4242-4242-42' }, 'card_number'],
      [{ card_number: 4242424242424242 }, 'card_number'],
      [{ card_number: CARDS.approved, expiry: '2030-13' }, 'expiry'],
      [{ card_number: CARDS.approved, expiry: '12/30' }, 'expiry'],
      [{ card_number: CARDS.approved, birth: '9001' }, 'birth'],
      [{ card_number: CARDS.approved, birth: undefined }, 'birth'],
      [{ card_number: CARDS.approved, birth: '12345678901' }, 'birth'],
      [{ card_number: CARDS.approved, pwd_2digit: '123' }, 'pwd_2digit'],
      [{ card_number: CARDS.approved, customer_name: 'x'.repeat(21) }, 'customer_name'],
      [{}, 'card_number'],
    ];
    for (const [body, field] of cases) {
      const answer = await issue(uid('bad'), body);
      assertRefused(answer, 1, 200);
      assert.ok(answer.message?.includes(field), `${field}: ${answer.message}`);
      assert.ok(!answer.raw.includes('4242'), answer.raw);
    }
    okResponse(
      await issue(uid('biz'), {
        card_number: CARDS.approved,
        birth: '1234567890',
        pwd_2digit: undefined,
      }),
    );
    const longUid = 'u'.repeat(81);
    assertRefused(await issue(longUid, { card_number: CARDS.approved }), 1, 200, /customer_uid/);
    okResponse(await issue('u'.repeat(80), { card_number: CARDS.approved }));
  });

  it('GET and DELETE an unknown key: 200 + code 1 by default', async () => {
    const id = uid('missing');
    const expected = `요청하신 customer_uid(${id})로 등록된 정보를 찾을 수 없습니다.`;
    assertRefused(await h.get(`/subscribe/customers/${id}`), 1, 200, expected);
    assertRefused(await h.del(`/subscribe/customers/${id}`), 1, 200, expected);
  });

  it('DELETE returns the deleted key (reason and extra[requester] accepted) and forgets it', async () => {
    const id = uid('del');
    const issued = okResponse(await issue(id, { card_number: CARDS.approved }));
    const deleted = okResponse(
      await h.del<ImpCustomer>(`/subscribe/customers/${id}?reason=user&extra[requester]=admin`),
    );
    assert.deepEqual(deleted, issued);
    assertRefused(await h.get(`/subscribe/customers/${id}`), 1);
  });

  it('multi lookup answers 200 / 207 / 404', async () => {
    const a = uid('multi');
    const b = uid('multi');
    okResponse(await issue(a, { card_number: CARDS.approved }));
    okResponse(await issue(b, { card_number: CARDS.bc }));
    const q = (ids: string[]) =>
      h.get<ImpCustomer[]>(
        `/subscribe/customers?${ids.map((i) => `customer_uid[]=${i}`).join('&')}`,
      );
    const all = await q([a, b]);
    assert.equal(all.status, 200);
    assert.deepEqual(
      all.response.map((c) => c.customer_uid),
      [a, b],
    );
    const some = await q([a, 'ghost']);
    assert.equal(some.status, 207);
    assert.equal(some.code, 0);
    assert.deepEqual(
      some.response.map((c) => c.customer_uid),
      [a],
    );
    assertRefused(await q(['ghost1', 'ghost2']), 1, 404);
    assertRefused(await h.get('/subscribe/customers'), -1, 400);
  });

  it('can answer 404 for unknown keys when configured', async () => {
    const strict = await startSandboxHarness({ missingCustomerStatus: 404 });
    try {
      assertRefused(await strict.get('/subscribe/customers/none'), 1, 404);
      assertRefused(await strict.del('/subscribe/customers/none'), 1, 404);
    } finally {
      await strict.close();
    }
  });
});
