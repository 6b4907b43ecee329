import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translations } from '../i18n/index.ts';
import { HOST_TEXTS } from './host-texts.ts';

describe('HOST_TEXTS', () => {
  it('say what the form says where the host speaks for it, in both languages', () => {
    assert.deepEqual(Object.keys(HOST_TEXTS).sort(), Object.keys(translations).sort());
    for (const lang of ['ko', 'en'] as const) {
      assert.equal(HOST_TEXTS[lang].title, translations[lang].formLabel, lang);
      assert.equal(HOST_TEXTS[lang].blocked, translations[lang].errors.FRAME_BLOCKED, lang);
    }
  });
});
