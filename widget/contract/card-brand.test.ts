import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectBrand, maxCardDigits, type CardBrand } from './card-brand.ts';
import { groupDigits } from './wire-card-number.ts';

describe('detectBrand', () => {
  const table: Array<[string, CardBrand, number[]]> = [
    ['4242424242424242', 'visa', [13, 16, 19]],
    ['4', 'visa', [13, 16, 19]],
    ['5105105105105100', 'mastercard', [16]],
    ['51', 'mastercard', [16]],
    ['55', 'mastercard', [16]],
    ['2221000000000009', 'mastercard', [16]],
    ['2720990000000007', 'mastercard', [16]],
    ['23', 'mastercard', [16]], // 2300-2399 all lie inside 2221-2720
    ['378282246310005', 'amex', [15]],
    ['34', 'amex', [15]],
    ['3528000000000007', 'jcb', [16, 17, 18, 19]],
    ['3589', 'jcb', [16, 17, 18, 19]],
    ['6200000000000005', 'unionpay', [16, 17, 18, 19]],
    ['30569309025904', 'diners', [14, 16, 17, 18, 19]],
    ['305', 'diners', [14, 16, 17, 18, 19]],
    ['36', 'diners', [14, 16, 17, 18, 19]],
    ['38', 'diners', [14, 16, 17, 18, 19]],
    ['39', 'diners', [14, 16, 17, 18, 19]],
    ['6011111111111117', 'unknown', [13, 14, 15, 16, 17, 18, 19]], // Discover: not a listed brand
    ['9410123412341234', 'unknown', [13, 14, 15, 16, 17, 18, 19]], // a domestic BC prefix
    ['', 'unknown', [13, 14, 15, 16, 17, 18, 19]],
  ];
  for (const [digits, brand, lengths] of table) {
    it(`${digits || '(empty)'} → ${brand}`, () => {
      const info = detectBrand(digits);
      assert.equal(info.brand, brand);
      assert.deepEqual(info.lengths, lengths);
    });
  }

  it('claims no brand until the prefix settles it', () => {
    // Each of these can still become a number outside every listed range.
    for (const prefix of [
      '2',
      '22',
      '222',
      '2220',
      '2721',
      '27',
      '3',
      '35',
      '352',
      '3527',
      '5',
      '50',
      '56',
      '6',
      '30',
      '306',
    ]) {
      assert.equal(detectBrand(prefix).brand, 'unknown', prefix);
    }
  });

  it('ignores separators', () => {
    assert.equal(detectBrand('3782 822463 10005').brand, 'amex');
  });

  it('groups per brand, Diners by length', () => {
    assert.equal(groupDigits('4242424242424242', ' '), '4242 4242 4242 4242');
    assert.equal(groupDigits('4242424242424242424', ' '), '4242 4242 4242 4242 424');
    assert.equal(groupDigits('378282246310005', '-'), '3782-822463-10005');
    assert.equal(groupDigits('30569309025904', '-'), '3056-930902-5904');
    assert.equal(groupDigits('3056930009020004', '-'), '3056-9300-0902-0004');
    assert.equal(groupDigits('5105105105105100', '-'), '5105-1051-0510-5100');
    assert.equal(groupDigits('94101234123412345', ' '), '9410 1234 1234 1234 5');
    assert.equal(groupDigits('', '-'), '');
  });

  it('caps at the brand maximum', () => {
    assert.equal(maxCardDigits('4'), 19);
    assert.equal(maxCardDigits('37'), 15);
    assert.equal(maxCardDigits('51'), 16);
    assert.equal(maxCardDigits('9'), 19);
  });
});
