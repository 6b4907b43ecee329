import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ERROR_CODES,
  isFormErrorCode,
  TOKEN_MODES,
  type RegistrationSuccess,
} from '../contract/index.ts';
import { en, ko, type Translation } from '../i18n/index.ts';
import { failureState } from './failure-state.ts';
import { statusText } from './status-text.ts';

const success = (mode: RegistrationSuccess['mode']): RegistrationSuccess => ({
  status: 'success',
  mode,
});

describe('statusText', () => {
  for (const t of [ko, en]) {
    describe(t.lang, () => {
      it('says nothing while idle', () => {
        assert.equal(statusText({ status: 'idle' }, t), '');
      });

      it('says the request is on its way while it is pending', () => {
        assert.equal(statusText({ status: 'submitting' }, t), t.processing);
      });

      it('names what succeeded, per mode', () => {
        for (const mode of TOKEN_MODES) {
          assert.equal(
            statusText({ status: 'success', result: success(mode) }, t),
            t.success[mode],
          );
        }
      });

      it('says each failure code in its own words, the server’s words after a decline', () => {
        for (const code of ERROR_CODES.filter(isFormErrorCode)) {
          const said = statusText(failureState({ code, message: '한도초과' }, t), t);
          const reason = code === 'CARD_DECLINED' || code === 'PG_ERROR';
          assert.equal(
            said,
            reason
              ? `${t.errors[code]} ${t.pgReason.replace('{reason}', '한도초과')}`
              : t.errors[code],
            code,
          );
        }
      });

      it('says the server’s message for a code this widget does not know yet', () => {
        const state = failureState({ code: 'NEWER_CODE' as never, message: 'Try later' }, t);
        assert.equal(statusText(state, t), 'Try later');
      });

      it('says the server was not reached after a network error (the retry is offered)', () => {
        assert.equal(statusText({ status: 'network-error' }, t), t.errors.NETWORK_ERROR);
      });
    });
  }

  it('says a refusal in the language shown now, not the one it happened in', () => {
    const declined = failureState({ code: 'CARD_DECLINED', message: '한도초과' }, en);
    assert.equal(statusText(declined, ko), `${ko.errors.CARD_DECLINED} 카드사 응답: 한도초과`);
    assert.equal(statusText(declined, en), `${en.errors.CARD_DECLINED} Card company: 한도초과`);
  });

  it('counts the fields to fix with the language’s plural rules', () => {
    assert.equal(statusText({ status: 'invalid', count: 1 }, en), 'Please check 1 field.');
    assert.equal(statusText({ status: 'invalid', count: 3 }, en), 'Please check 3 fields.');
    // Korean has one plural category: `other` serves every count.
    assert.equal(
      statusText({ status: 'invalid', count: 1 }, ko),
      ko.fixFields.other.replace('{count}', '1'),
    );
  });

  it('falls back to `other` for a plural category the texts leave out', () => {
    const t: Translation = { ...en, fixFields: { other: '{count} to fix' } };
    assert.equal(statusText({ status: 'invalid', count: 1 }, t), '1 to fix');
  });
});
