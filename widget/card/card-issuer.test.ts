import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectBrand } from '../contract/index.ts';
import { CARD_ISSUER_PREFIXES, detectIssuer, type CardIssuer } from './card-issuer.ts';

describe('detectIssuer', () => {
  it('names the issuer of every prefix in the table, from the sixth digit on', () => {
    for (const [issuer, prefixes] of Object.entries(CARD_ISSUER_PREFIXES)) {
      for (const bin of prefixes.split(' ')) {
        assert.match(bin, /^\d{6}$/);
        assert.equal(detectIssuer(bin), issuer);
        assert.equal(detectIssuer(`${bin}0000000000`), issuer);
        assert.equal(detectIssuer(bin.slice(0, 5)), null, 'five digits are not enough');
      }
    }
  });

  it('names BC and NH NongHyup from their cited prefixes', () => {
    const cases: Array<[string, CardIssuer]> = [
      ['5388310000000000', 'bc'],
      ['5589110000000000', 'bc'],
      ['4854800000000000', 'nh'],
      ['5461120000000000', 'nh'],
    ];
    for (const [number, issuer] of cases) assert.equal(detectIssuer(number), issuer, number);
  });

  it('does not stretch a cited prefix to its neighbours', () => {
    for (const bin of ['538830', '538832', '558910', '558912', '485481', '546111', '546113']) {
      assert.equal(detectIssuer(`${bin}0000000000`), null, bin);
    }
  });

  it('gives null for unknown prefixes, so the form shows the brand alone', () => {
    for (const number of ['4242424242424242', '5555555555554444', '9410123456789012', '']) {
      assert.equal(detectIssuer(number), null);
    }
  });

  it('holds each prefix once, under a brand that fits it', () => {
    const all = Object.values(CARD_ISSUER_PREFIXES).flatMap((p) => p.split(' '));
    assert.equal(new Set(all).size, all.length);
    const brands: Record<string, string> = { '3': 'amex', '4': 'visa', '5': 'mastercard' };
    for (const bin of all) {
      assert.equal(detectBrand(bin).brand, brands[bin[0]!] ?? 'unknown', bin); // 9: domestic
    }
    const issuers: CardIssuer[] = [
      'shinhan',
      'kb',
      'samsung',
      'hana',
      'citi',
      'kakaobank',
      'bc',
      'nh',
    ];
    assert.deepEqual(Object.keys(CARD_ISSUER_PREFIXES).sort(), issuers.sort());
  });
});
