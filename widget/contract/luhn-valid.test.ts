import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { businessNumberValid } from './business-number-valid.ts';
import { luhnValid } from './luhn-valid.ts';

describe('luhnValid', () => {
  it('accepts published test numbers', () => {
    for (const n of [
      '4242424242424242',
      '4222222222222',
      '378282246310005',
      '5555555555554444',
      '2223003122003222',
      '3566002020360505',
      '6200000000000005',
      '30569309025904',
      '6011111111111117',
      '4000000000000002',
      '4000000000000119',
    ]) {
      assert.equal(luhnValid(n), true, n);
    }
  });
  it('rejects a changed digit, a swap of unequal neighbours, and non-digits', () => {
    assert.equal(luhnValid('4242424242424241'), false);
    assert.equal(luhnValid('378282246310050'), false);
    assert.equal(luhnValid('4242 4242 4242 4242'), false);
    assert.equal(luhnValid(''), false);
    assert.equal(luhnValid('0'), false);
  });
});

describe('businessNumberValid', () => {
  // Check digits worked out by hand with the NTS rule (weights 1,3,7,1,3,7,1,3,5, plus
  // floor(9th × 5 / 10), check = (10 − sum mod 10) mod 10):
  const valid: Array<[string, string]> = [
    // 1+6+21+4+15+42+7+24+45 = 165, +floor(45/10)=4 → 169 → check 1
    ['1234567891', 'constructed'],
    // 2+6+0+8+3+42+2+15+5 = 83, +floor(5/10)=0 → 83 → check 7
    ['2208162517', 'published (Naver Corp.)'],
    // 1+6+28+8+3+0+0+27+45 = 118, +4 → 122 → check 8
    ['1248100998', 'published (Samsung Electronics)'],
    // only the 9th digit: 2×5 = 10, +floor(10/10)=1 → 11 → check 9; without the extra term it would be 0
    ['0000000029', 'constructed: the floor term matters'],
    // 9+27+63+9+27+63+9+27+45 = 279, +4 → 283 → check 7
    ['9999999997', 'constructed'],
  ];
  for (const [n, why] of valid) {
    it(`accepts ${n} (${why})`, () => assert.equal(businessNumberValid(n), true));
  }
  it('rejects every other check digit and wrong lengths', () => {
    for (const [n] of valid) {
      const head = n.slice(0, 9);
      for (let d = 0; d <= 9; d++) {
        if (String(d) !== n[9])
          assert.equal(businessNumberValid(head + String(d)), false, head + d);
      }
    }
    assert.equal(businessNumberValid('0000000020'), false);
    // Its checksum holds (sum 0, check digit 0), but no business is registered as all zeros.
    assert.equal(businessNumberValid('0000000000'), false);
    assert.equal(businessNumberValid('220816251'), false);
    assert.equal(businessNumberValid('22081625170'), false);
    assert.equal(businessNumberValid('220-81-62517'), false);
  });
});
