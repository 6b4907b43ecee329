import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkField, isFieldComplete, type CheckFieldOptions } from './check-field.ts';
import type { CardField, FieldErrorCode } from './field-error-code.ts';

// Noon on 21 November 2026 in Korea.
const now = new Date('2026-11-21T03:00:00Z');

type Row = [string, FieldErrorCode | null, CheckFieldOptions?];

function table(field: CardField, rows: Row[]): void {
  for (const [digits, expected, opts] of rows) {
    const label = `${digits || '(empty)'}${opts ? ' ' + JSON.stringify(opts) : ''} → ${expected}`;
    it(label, () => assert.equal(checkField(field, digits, { now, ...opts }), expected));
  }
}

const partial = { partial: true };

describe('checkField card_number', () => {
  table('card_number', [
    ['4242424242424242', null],
    ['4222222222222', null], // 13-digit Visa
    ['4242424242424241', 'luhn'],
    ['378282246310005', null],
    ['3782822463100050', 'length'], // Amex has 15
    ['5555555555554444', null],
    ['55555555555544440', 'length'],
    ['30569309025904', null],
    ['3566002020360505', null],
    ['6200000000000005', null],
    ['6011111111111117', null], // unknown brand, Luhn passes
    ['424242424242', 'incomplete'],
    ['42424242424242', 'incomplete'], // 14: a Visa may still reach 16
    ['', 'required'],
    ['4242 4242', 'invalid'],
    ['42424242424242424242', 'length'], // 20 digits
    // while typing
    ['', null, partial],
    ['4', null, partial],
    ['4242424242424241', null, partial], // a Visa may still grow to 19 digits
    ['5555555555554445', 'luhn', partial], // a Mastercard cannot grow past 16
    ['378282246310006', 'luhn', partial],
    ['9410123412341234561', 'luhn', partial], // 19 digits, the most any card has
    ['42424242424242424242', 'length', partial],
  ]);
});

describe('checkField expiry (MMYY, now 2026-11)', () => {
  table('expiry', [
    ['1126', null], // the current month is still valid
    ['1226', null],
    ['1026', 'expired'],
    ['0125', 'expired'],
    ['1246', null], // 20 years ahead
    ['0147', 'invalid'], // more than 20 years ahead
    ['0029', 'month'],
    ['1329', 'month'],
    ['12', 'incomplete'],
    ['', 'required'],
    ['12345', 'length'],
    ['12a9', 'invalid'],
    // while typing
    ['1', null, partial],
    ['0', null, partial],
    ['2', 'month', partial],
    ['00', 'month', partial],
    ['13', 'month', partial],
    ['12', null, partial],
    ['121', 'expired', partial], // 2010-2019
    ['122', null, partial],
    ['124', null, partial],
    ['125', 'invalid', partial], // 2050s
    ['1026', 'expired', partial],
  ]);
  it('uses Korean time: 1 November 00:30 KST is already November', () => {
    const kstNovember = new Date('2026-10-31T15:30:00Z');
    assert.equal(checkField('expiry', '1026', { now: kstNovember }), 'expired');
    assert.equal(checkField('expiry', '1026', { now: new Date('2026-10-31T14:30:00Z') }), null);
  });
});

describe('checkField birth (now 2026-11-21)', () => {
  table('birth', [
    ['900101', null],
    ['000229', null], // 2000 was a leap year
    ['040229', null],
    ['960229', null],
    ['970229', 'date'],
    ['010229', 'date'],
    ['900230', 'date'],
    ['900431', 'date'],
    ['900100', 'date'],
    ['900132', 'date'],
    ['901301', 'month'],
    ['900001', 'month'],
    ['261121', null], // born today
    ['261122', 'date'], // tomorrow
    ['261201', 'date'],
    ['270101', null], // 27 > 26, so 1927
    ['9001', 'incomplete'],
    ['', 'required'],
    ['90-01-01', 'invalid'],
    ['2208162517', null], // without a mode, a business number is fine too
    ['2208162518', 'checksum'],
    ['2208162', 'incomplete'],
    ['22081625170', 'length'],
    // while typing, personal mode
    ['9', null, { partial: true, corporate: false }],
    ['902', 'month', { partial: true, corporate: false }],
    ['9013', 'month', { partial: true, corporate: false }],
    ['9002', null, { partial: true, corporate: false }],
    ['90023', 'date', { partial: true, corporate: false }], // no 30th of February
    ['2612', 'date', { partial: true, corporate: false }], // December 2026 is still ahead
    ['26112', null, { partial: true, corporate: false }],
    ['26113', 'date', { partial: true, corporate: false }],
    ['9001011', 'length', { partial: true, corporate: false }],
    ['9013', null, partial], // without a mode it may become a business number
    // corporate mode
    ['2208162517', null, { corporate: true }],
    ['2208162518', 'checksum', { corporate: true }],
    ['1248100998', null, { corporate: true }],
    ['900101', 'incomplete', { corporate: true }],
    ['22081', null, { partial: true, corporate: true }],
    ['2208162518', 'checksum', { partial: true, corporate: true }],
    ['2208162517', 'length', { corporate: false }],
  ]);
});

describe('checkField pwd_2digit', () => {
  table('pwd_2digit', [
    ['12', null],
    ['', 'required'],
    ['', null, { corporate: true }], // corporate holders often do not know it
    ['1', 'incomplete'],
    ['1', null, partial],
    ['123', 'length'],
    ['123', 'length', partial],
    ['a1', 'invalid'],
  ]);
});

describe('isFieldComplete', () => {
  const rows: Array<[CardField, string, boolean, Pick<CheckFieldOptions, 'corporate'>?]> = [
    ['card_number', '4242424242424242', true],
    ['card_number', '4222222222222', false], // valid, but most Visas go on to 16
    ['card_number', '4242424242424241', false],
    ['card_number', '378282246310005', true],
    ['card_number', '30569309025904', true],
    ['card_number', '6011111111111117', true],
    ['card_number', '424242', false],
    ['expiry', '1229', true],
    ['expiry', '12', false],
    ['expiry', '1025', false],
    ['birth', '900101', true, { corporate: false }],
    ['birth', '90010', false, { corporate: false }],
    ['birth', '2208162517', true, { corporate: true }],
    ['birth', '2208162518', false, { corporate: true }],
    ['pwd_2digit', '12', true],
    ['pwd_2digit', '1', false],
    ['pwd_2digit', '', false, { corporate: true }], // optional, but not "complete"
  ];
  for (const [field, digits, expected, opts] of rows) {
    it(`${field} ${digits || '(empty)'} → ${expected}`, () =>
      assert.equal(isFieldComplete(field, digits, { now, ...opts }), expected));
  }
});
