import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR_CODES, isFormErrorCode, type ErrorCode } from '../contract/index.ts';
import { en, ko } from '../i18n/index.ts';
import { failureMessage, failureState } from './failure-state.ts';

/** The codes whose outcome may still change: a retry sends the same attempt under the same key. */
const RETRYABLE: ErrorCode[] = [
  'UPSTREAM_UNAVAILABLE',
  'OUTCOME_UNKNOWN',
  'STORE_UNAVAILABLE',
  'CUSTOMER_IN_DOUBT',
  'INTERNAL_ERROR',
];

describe('failureState', () => {
  it('gives every code its localised message and says which may be retried', () => {
    for (const t of [ko, en]) {
      for (const code of ERROR_CODES.filter(isFormErrorCode)) {
        const state = failureState({ code, message: 'bad' }, t);
        const declined = code === 'CARD_DECLINED' || code === 'PG_ERROR';
        assert.deepEqual(
          state,
          {
            status: 'failure',
            code,
            serverMessage: 'bad',
            retryable: RETRYABLE.includes(code),
            ...(declined && { reason: 'bad' }),
          },
          `${t.lang} ${code}`,
        );
        assert.equal(failureMessage(state, t), t.errors[code], `${t.lang} ${code}`);
      }
    }
  });

  it('keeps no translated text, so one state reads in whichever language is shown now', () => {
    const state = failureState({ code: 'CARD_DECLINED', message: '한도초과' }, en);
    assert.equal(failureMessage(state, en), en.errors.CARD_DECLINED);
    assert.equal(failureMessage(state, ko), ko.errors.CARD_DECLINED);
    assert.equal(state.reason, '한도초과');
  });

  it('keeps the card company’s words after a decline or PG error, unless they say nothing new', () => {
    assert.equal(
      failureState({ code: 'CARD_DECLINED', message: '한도초과' }, ko).reason,
      '한도초과',
    );
    assert.equal(failureState({ code: 'PG_ERROR', message: '잔액부족' }, en).reason, '잔액부족');
    const same = failureState({ code: 'CARD_DECLINED', message: ko.errors.CARD_DECLINED }, ko);
    assert.equal('reason' in same, false);
    assert.equal(
      'reason' in failureState({ code: 'TOKEN_EXPIRED', message: 'expired' }, ko),
      false,
    );
  });

  it('shows the server’s message for a code this widget does not know, and does not retry it', () => {
    const state = failureState({ code: 'NEWER_CODE' as ErrorCode, message: 'Try tomorrow' }, en);
    assert.deepEqual(state, {
      status: 'failure',
      code: 'NEWER_CODE',
      serverMessage: 'Try tomorrow',
      retryable: false,
    });
    assert.equal(failureMessage(state, en), 'Try tomorrow');
    assert.equal(failureMessage(state, ko), 'Try tomorrow');
  });

  it('turns the form’s own MISCONFIGURED into the neutral message, without a retry', () => {
    const state = failureState({ code: 'MISCONFIGURED', message: '' }, ko);
    assert.deepEqual(state, {
      status: 'failure',
      code: 'MISCONFIGURED',
      serverMessage: '',
      retryable: false,
    });
    assert.equal(failureMessage(state, ko), ko.errors.MISCONFIGURED);
  });
});
