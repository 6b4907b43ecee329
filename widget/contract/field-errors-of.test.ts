import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorsOf } from './field-errors-of.ts';

describe('fieldErrorsOf', () => {
  it('keeps codes per field, once each, and drops everything else', () => {
    const out = fieldErrorsOf([
      { message: 'luhn', path: [{ key: 'card_number' }] },
      { message: 'luhn', path: [{ key: 'card_number' }] },
      { message: 'length', path: [{ key: 'card_number' }] },
      // A message that is not a code (a library default that may quote the input) becomes 'invalid'.
      {
        message: 'Invalid type: Expected string but received "4242424242424242"',
        path: [{ key: 'birth' }],
      },
      { message: 'required', path: [{ key: 'token' }] },
      { message: 'invalid', path: [{ key: 'constructor' }] },
      { message: 'invalid' },
    ]);
    assert.deepEqual(out, { card_number: ['luhn', 'length'], birth: ['invalid'] });
    assert.doesNotMatch(JSON.stringify(out), /4242/);
  });

  it('returns an empty object for no issues', () => {
    assert.deepEqual(fieldErrorsOf(undefined), {});
    assert.deepEqual(fieldErrorsOf([]), {});
  });
});
