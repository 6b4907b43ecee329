import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import * as v from 'valibot';
import { FrameMessageSchema, isFrameEnvelope, type FrameMessage } from './frame-messages.ts';

/** The oracle: the envelope the host acts on, as valibot says it (what the host used to run). */
const EnvelopeSchema = v.variant('type', [
  v.object({
    type: v.picklist(['change', 'submit', 'success', 'failure']),
    detail: v.looseObject({}),
  }),
  v.object({ type: v.literal('validity'), message: v.string() }),
  v.object({ type: v.literal('resize'), height: v.pipe(v.number(), v.minValue(0)) }),
  v.object({ type: v.literal('done'), id: v.number() }),
  v.object({ type: v.literal('gone') }),
  v.object({ type: v.literal('claimed') }),
  v.object({ type: v.literal('focus') }),
]);

const state = { complete: false, valid: true, error: null };

/** One message of each type the frame sends, each checked against the contract below. */
const SENT: FrameMessage[] = [
  {
    type: 'change',
    detail: {
      field: 'card_number',
      brand: 'visa',
      corporate: false,
      complete: false,
      fields: { card_number: state, expiry: state, birth: state, pwd_2digit: state },
    },
  },
  { type: 'validity', message: '' },
  { type: 'submit', detail: { brand: 'visa', corporate: false, mode: 'billing_key' } },
  {
    type: 'success',
    detail: {
      status: 'success',
      mode: 'billing_key',
      billing_key: {
        customer_uid: 'cust-1',
        card_name: '신한카드',
        card_number: '424242******4242',
        pg_provider: 'jtnet',
      },
    },
  },
  { type: 'failure', detail: { code: 'CARD_DECLINED', message: '한도초과' } },
  { type: 'resize', height: 471 },
  { type: 'done', id: 3 },
  { type: 'gone' },
  { type: 'claimed' },
  { type: 'focus' },
];

describe('isFrameEnvelope (the host’s check of what the frame sends)', () => {
  it('accepts every message the frame may send', () => {
    for (const message of SENT) {
      assert.ok(v.is(FrameMessageSchema, message), `the contract allows ${message.type}`);
      assert.ok(isFrameEnvelope(message), message.type);
    }
  });

  it('rejects what the host could not act on', () => {
    for (const data of [
      null,
      'resize',
      42,
      [],
      {},
      { type: 'impcard:ready' },
      { type: 'resize', height: -1 },
      { type: 'resize', height: '471' },
      { type: 'resize', height: Number.NaN },
      { type: 'done', id: Number.NaN },
      { type: 'done', id: '3' },
      { type: 'validity' },
      { type: 'failure', detail: null },
      { type: 'success', detail: 'ok' },
      { type: 'toString', detail: {} },
    ]) {
      assert.equal(isFrameEnvelope(data), false, JSON.stringify(data));
    }
    // Found by the fuzz below: an id that cannot be turned into a number must not throw.
    assert.equal(isFrameEnvelope({ type: 'done', id: { toString: null, valueOf: null } }), false);
    assert.equal(isFrameEnvelope({ type: 'done', id: '7' }), false);
  });

  it('agrees with the valibot oracle on any value', () => {
    const types = [
      'change',
      'submit',
      'success',
      'failure',
      'validity',
      'resize',
      'done',
      'gone',
      'x',
    ];
    const shaped = fc.record(
      {
        type: fc.constantFrom(...types),
        detail: fc.anything(),
        message: fc.oneof(fc.string(), fc.anything()),
        height: fc.oneof(fc.double(), fc.anything()),
        id: fc.oneof(fc.double(), fc.anything()),
      },
      { requiredKeys: ['type'] },
    );
    fc.assert(
      fc.property(fc.oneof(shaped, fc.anything()), (data) => {
        assert.equal(isFrameEnvelope(data), v.is(EnvelopeSchema, data));
      }),
      { numRuns: 5000 },
    );
  });
});
