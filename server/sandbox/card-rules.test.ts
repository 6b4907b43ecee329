import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  cardDigits,
  expiryNotPast,
  luhnValid,
  maskCardNumber,
  profileCard,
  TEST_CARDS,
} from './card-rules.ts';
import { resolvePg } from './pg-channels.ts';

describe('card rules', () => {
  it('every magic test card is Luhn-valid and scripted', () => {
    for (const [digits, behaviour] of Object.entries(TEST_CARDS)) {
      assert.ok(luhnValid(digits), digits);
      assert.equal(profileCard(digits).behaviour, behaviour);
    }
    assert.equal(profileCard('4242424242424242').behaviour, 'approve');
    assert.ok(!luhnValid('4242424242424241'));
  });

  it('accepts any dash grouping of 13-19 digits and nothing else', () => {
    assert.equal(cardDigits('4242-4242-4242-4242'), '4242424242424242');
    assert.equal(cardDigits('3782-822463-10005'), '378282246310005');
    assert.equal(cardDigits('4242424242424'), '4242424242424');
    for (const bad of [
      '',
      '4242-',
      '-4242424242424242',
      '4242 4242 4242 4242',
      '4242--4242-4242-4242',
      '424242424242',
      '42424242424242424242',
      '4242-4242-4242-424x',
    ]) {
      assert.equal(cardDigits(bad), null, bad);
    }
  });

  it('masks as first 8, four stars, last 4, never exposing the middle', () => {
    assert.equal(maskCardNumber('5365700012341234'), '53657000****1234');
    fc.assert(
      fc.property(fc.stringMatching(/^\d{13,19}$/), (digits) => {
        const masked = maskCardNumber(digits);
        assert.equal(masked, `${digits.slice(0, 8)}****${digits.slice(-4)}`);
        assert.ok(!masked.includes(digits));
      }),
    );
  });

  it('names issuers by prefix with integer card types', () => {
    assert.deepEqual(
      [profileCard('9490000000000008').cardName, profileCard('9490000000000008').cardType],
      ['BC카드', 1],
    );
    assert.equal(profileCard('5365700012341234').cardName, 'KB국민카드');
    assert.equal(profileCard('4242424242424242').cardType, 0);
  });

  it('treats expiry as valid through the end of its month in KST', () => {
    const kstMarch = Date.UTC(2030, 2, 31, 15, 30); // 2030-04-01 00:30 KST
    assert.equal(expiryNotPast('2030-03', kstMarch), false);
    assert.equal(expiryNotPast('2030-04', kstMarch), true);
    assert.equal(expiryNotPast('2030-03', Date.UTC(2030, 2, 31, 14, 0)), true);
  });

  it('resolves pg codes, MIDs and unknown PGs to the default channel', () => {
    assert.deepEqual(
      [resolvePg(undefined).provider, resolvePg('kcp').provider, resolvePg('kcp.MID9').pgId],
      ['nice', 'kcp', 'MID9'],
    );
    assert.equal(resolvePg('no_such_pg.MID').provider, 'nice');
    assert.equal(resolvePg('no_such_pg.MID').pgId, 'nictest04m');
    assert.equal(resolvePg('paymentwall').standaloneBillingKey, false);
  });
});
