import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CARD_BRANDS, ERROR_CODES, FIELD_ERROR_CODES, isFormErrorCode } from '../contract/index.ts';
import { CARD_ISSUER_PREFIXES, type CardIssuer } from '../card/index.ts';
import { fillTemplate, translations, type Translation } from './index.ts';

/** Every leaf of a translation as [path, text]. */
function leaves(node: unknown, path = ''): Array<[string, string]> {
  if (typeof node === 'string') return [[path, node]];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) =>
    leaves(v, path ? `${path}.${k}` : k),
  );
}

describe('translations', () => {
  const langs: Array<[string, Translation]> = Object.entries(translations);

  it('ship ko and en with the same keys and no empty text', () => {
    assert.deepEqual(Object.keys(translations).sort(), ['en', 'ko']);
    // Plural categories differ by language (Korean has only `other`).
    const keysOf = (t: Translation) =>
      leaves(t)
        .map(([p]) => p)
        .filter((p) => !/^fixFields\.(?!other$)/.test(p))
        .sort();
    assert.deepEqual(keysOf(translations.ko), keysOf(translations.en));
    for (const [lang, t] of langs) {
      assert.equal(t.lang, lang);
      for (const [path, text] of leaves(t)) assert.ok(text.trim().length > 0, `${lang} ${path}`);
    }
  });

  it('have a message for every field error code of every field, every error code and brand', () => {
    for (const [lang, t] of langs) {
      for (const [kind, field] of Object.entries(t.fields)) {
        for (const code of FIELD_ERROR_CODES)
          assert.ok(field.errors[code], `${lang} ${kind} ${code}`);
      }
      for (const code of ERROR_CODES.filter(isFormErrorCode)) {
        assert.ok(t.errors[code], `${lang} ${code}`);
      }
      for (const brand of CARD_BRANDS) assert.ok(t.brands[brand], `${lang} ${brand}`);
      for (const issuer of Object.keys(CARD_ISSUER_PREFIXES) as CardIssuer[])
        assert.ok(t.issuers[issuer], `${lang} ${issuer}`);
    }
  });

  it('use the same placeholders in both languages', () => {
    const en = new Map(leaves(translations.en));
    for (const [path, text] of leaves(translations.ko)) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      assert.deepEqual(names(text), names(en.get(path)!), path);
    }
  });

  it('are written in Korean by default, with the usual PG form wording', () => {
    const ko = translations.ko;
    assert.equal(ko.fields.card_number.label, '카드번호');
    assert.equal(ko.fields.expiry.label, '유효기간(MM/YY)');
    assert.equal(ko.fields.birth.label, '생년월일 6자리');
    assert.equal(ko.fields.business_number.label, '사업자등록번호 10자리');
    assert.equal(ko.fields.pwd_2digit.label, '카드 비밀번호 앞 2자리');
    const hangul = leaves(ko).filter(([, text]) => /[가-힣]/.test(text)).length;
    assert.ok(hangul / leaves(ko).length > 0.8);
    assert.equal(
      leaves(translations.en).some(([, text]) => /[가-힣]/.test(text)),
      false,
    );
  });

  it('fillTemplate fills known names and leaves the rest', () => {
    assert.equal(fillTemplate(translations.ko.amount, { amount: '15,000' }), '15,000원');
    assert.equal(fillTemplate('{a} {b}', { a: 1 }), '1 {b}');
  });
});
