import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as v from 'valibot';
import { RegistrationResultSchema } from './registration-result.ts';

describe('RegistrationResultSchema', () => {
  const billing_key = {
    customer_uid: 'user_1',
    card_name: '삼성카드',
    card_number: '53657000****1234',
    pg_provider: 'nice',
  };
  const payment = {
    imp_uid: 'imps_123456789012',
    merchant_uid: 'order_1',
    amount: 1000,
    status: 'paid',
    paid_at: 1_790_000_000,
    card_name: null,
    card_number: '424242******4242',
    receipt_url: 'https://example.test/receipt',
  };

  it('tells success and failure apart by status', () => {
    const ok = v.parse(RegistrationResultSchema, {
      status: 'success',
      mode: 'billing_key_and_payment',
      billing_key,
      payment,
    });
    assert.equal(ok.status, 'success');
    const failed = v.parse(RegistrationResultSchema, {
      status: 'failed',
      code: 'INVALID_REQUEST',
      message: 'bad',
      fields: { card_number: ['luhn'] },
    });
    assert.equal(failed.status === 'failed' && failed.code, 'INVALID_REQUEST');
  });

  it('refuses a result carrying an unmasked card number', () => {
    const r = v.safeParse(RegistrationResultSchema, {
      status: 'success',
      mode: 'billing_key',
      billing_key: { ...billing_key, card_number: '4242-4242-4242-4242' },
    });
    assert.equal(r.success, false);
  });

  it('refuses unknown codes, modes and field codes', () => {
    const bad = [
      { status: 'failed', code: 'NOPE', message: '' },
      { status: 'failed', code: 'PG_ERROR', message: '', fields: { expiry: ['soon'] } },
      { status: 'success', mode: 'refund' },
      { status: 'maybe' },
    ];
    for (const body of bad)
      assert.equal(v.safeParse(RegistrationResultSchema, body).success, false);
  });
});
