import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { digitsOf } from './digits-of.ts';
import { formatValue } from './format-value.ts';
import { benchmarkMaskInput } from './mask-benchmark.ts';
import { maskInput, type MaskEdit, type MaskResult } from './mask-input.ts';
import { maxDigits, type MaskKind } from './mask-kind.ts';

/** Types `text` into an input showing `previous`, replacing [start, end), as a browser would. */
function typeInto(
  previous: string,
  start: number,
  end: number,
  text: string,
  inputType = 'insertText',
): MaskEdit {
  return {
    previous,
    value: previous.slice(0, start) + text + previous.slice(end),
    caret: start + text.length,
    inputType,
  };
}

/** Types `keys` one at a time at the end, feeding each masked result back in. */
function typeKeys(kind: MaskKind, keys: string, from = ''): MaskResult {
  let r: MaskResult = { value: from, caret: from.length, digits: digitsOf(from) };
  for (const key of keys) r = maskInput(kind, typeInto(r.value, r.caret, r.caret, key));
  return r;
}

describe('maskInput examples', () => {
  it('formats card numbers by brand while typing', () => {
    assert.equal(typeKeys('card_number', '4242424242424242').value, '4242 4242 4242 4242');
    assert.equal(typeKeys('card_number', '378282246310005').value, '3782 822463 10005');
    assert.equal(typeKeys('card_number', '30569309025904').value, '3056 930902 5904');
    assert.equal(typeKeys('card_number', '4242424242424242426').value, '4242 4242 4242 4242 426');
    assert.equal(typeKeys('card_number', '42424').caret, 6); // after the digit, past the new space
  });

  it('reflows Diners from 4-6-4 to fours past 14 digits', () => {
    assert.equal(typeKeys('card_number', '3056930009020004').value, '3056 9300 0902 0004');
  });

  it('caps each field at its maximum', () => {
    assert.equal(typeKeys('card_number', '42424242424242424242424').digits.length, 19);
    assert.equal(typeKeys('card_number', '3782822463100051').digits, '378282246310005'); // Amex: 15
    assert.equal(typeKeys('card_number', '55555555555544449').digits.length, 16);
    assert.equal(typeKeys('birth', '9001011').value, '900101');
    assert.equal(typeKeys('business_number', '22081625170').value, '220-81-62517');
    assert.equal(typeKeys('pwd_2digit', '123').value, '12');
  });

  it('a key typed into the middle of a full field does nothing, as with maxlength', () => {
    // Dropping the last digit instead would silently turn 12/29 into 15/22.
    assert.deepEqual(maskInput('expiry', typeInto('12/29', 1, 1, '5')), {
      value: '12/29',
      caret: 1,
      digits: '1229',
    });
    assert.deepEqual(maskInput('card_number', typeInto('5555 5555 5555 4444', 2, 2, '1')), {
      value: '5555 5555 5555 4444',
      caret: 2,
      digits: '5555555555554444',
    });
    // A paste into the middle keeps what fits and every digit that was there.
    const r = maskInput(
      'card_number',
      typeInto('5555 5555 5555 444', 5, 5, '1234', 'insertFromPaste'),
    );
    assert.deepEqual(r, { value: '5555 1555 5555 5444', caret: 6, digits: '5555155555555444' });
    // Room left (a Visa may have 19): the digit goes in.
    assert.equal(
      maskInput('card_number', typeInto('4242 4242 4242 4242', 2, 2, '1')).digits.length,
      17,
    );
  });

  it('reformats a paste with spaces and dashes', () => {
    const r = maskInput(
      'card_number',
      typeInto('', 0, 0, '4242 4242-4242 4242', 'insertFromPaste'),
    );
    assert.deepEqual(r, { value: '4242 4242 4242 4242', caret: 19, digits: '4242424242424242' });
    const amex = maskInput(
      'card_number',
      typeInto('', 0, 0, '3782-822463-10005', 'insertFromPaste'),
    );
    assert.deepEqual(amex, { value: '3782 822463 10005', caret: 17, digits: '378282246310005' });
  });

  it('keeps the caret after the same digit when inserting in the middle', () => {
    // '4242 4242 4242' with the caret after the 6th digit (index 7); type 9.
    const r = maskInput('card_number', typeInto('4242 4242 4242', 7, 7, '9'));
    assert.equal(r.value, '4242 4294 2424 2');
    assert.equal(r.caret, 8);
    assert.equal(digitsOf(r.value.slice(0, r.caret)), '4242429');
  });

  it('keeps the caret when deleting in the middle', () => {
    // Backspace removes the 6th digit (index 6).
    const r = maskInput('card_number', {
      previous: '4242 4242 4242',
      value: '4242 442 4242',
      caret: 6,
      inputType: 'deleteContentBackward',
    });
    assert.equal(r.value, '4242 4424 242');
    assert.equal(r.caret, 6);
  });

  it('Backspace right after a separator deletes the digit before it', () => {
    const r = maskInput('card_number', {
      previous: '4242 4242',
      value: '42424242',
      caret: 4,
      inputType: 'deleteContentBackward',
    });
    assert.deepEqual(r, { value: '4244 242', caret: 3, digits: '4244242' });
  });

  it('Delete right before a separator deletes the digit after it', () => {
    const r = maskInput('card_number', {
      previous: '4242 5678',
      value: '42425678',
      caret: 4,
      inputType: 'deleteContentForward',
    });
    assert.deepEqual(r, { value: '4242 678', caret: 4, digits: '4242678' });
  });

  it('a whole value without separators (autofill, no inputType) keeps every digit', () => {
    const r = maskInput('card_number', {
      previous: '4242 4242 4242 4242',
      value: '4242424242424242',
      caret: 16,
    });
    assert.equal(r.value, '4242 4242 4242 4242');
    const key = maskInput('card_number', { previous: '4242 4242', value: '42424242', caret: 4 });
    assert.equal(key.value, '4244 242'); // one separator lost: a Backspace from an old browser
  });

  it('expiry: 1229 → 12/29, a leading 9 → 09/, month 1 waits', () => {
    assert.equal(typeKeys('expiry', '1229').value, '12/29');
    assert.deepEqual(typeKeys('expiry', '9'), { value: '09/', caret: 3, digits: '09' });
    assert.deepEqual(typeKeys('expiry', '1'), { value: '1', caret: 1, digits: '1' });
    assert.deepEqual(typeKeys('expiry', '12'), { value: '12/', caret: 3, digits: '12' });
    assert.deepEqual(typeKeys('expiry', '0'), { value: '0', caret: 1, digits: '0' });
    assert.equal(typeKeys('expiry', '1/').value, '01/'); // a typed separator closes the month
    assert.equal(typeKeys('expiry', '12/29').value, '12/29'); // a typed '/' is not doubled
    // Retyping a selected month: the '/' left after the caret was not typed, so '1' still waits
    // for its second digit (it became '01', and typing on gave 01/2 instead of 12/).
    const retyped = maskInput('expiry', typeInto('07/', 0, 2, '1'));
    assert.deepEqual(retyped, { value: '1', caret: 1, digits: '1' });
    assert.equal(typeKeys('expiry', '2', retyped.value).value, '12/');
  });

  it('expiry: the slash is not re-added while deleting', () => {
    const fromYear = maskInput('expiry', {
      previous: '12/2',
      value: '12/',
      caret: 3,
      inputType: 'deleteContentBackward',
    });
    assert.deepEqual(fromYear, { value: '12', caret: 2, digits: '12' });
    const overSlash = maskInput('expiry', {
      previous: '12/',
      value: '12',
      caret: 2,
      inputType: 'deleteContentBackward',
    });
    assert.deepEqual(overSlash, { value: '1', caret: 1, digits: '1' });
    const leadingDigit = maskInput('expiry', {
      previous: '05/',
      value: '5/',
      caret: 0,
      inputType: 'deleteContentBackward',
    });
    assert.equal(leadingDigit.value, '5'); // no zero padding while deleting
  });

  it('expiry: pastes of MMYY and MM/YYYY', () => {
    assert.equal(maskInput('expiry', typeInto('', 0, 0, '1229', 'insertFromPaste')).value, '12/29');
    assert.equal(
      maskInput('expiry', typeInto('', 0, 0, '12/2029', 'insertFromPaste')).value,
      '12/29',
    );
    assert.equal(
      maskInput('expiry', typeInto('', 0, 0, '3 / 2031', 'insertFromPaste')).value,
      '03/31',
    );
  });

  it('reads whole values (paste, autofill) by their layout', () => {
    const whole = (kind: MaskKind, text: string, previous = '', inputType?: string) =>
      maskInput(kind, { previous, value: text, caret: text.length, inputType }).value;
    for (const text of [
      '2029-12',
      '2029.12',
      '12/2029',
      '1229',
      '122029',
      '2029-12-31',
      ' 12 / 29 ',
    ]) {
      assert.equal(whole('expiry', text, '', 'insertFromPaste'), '12/29', text);
    }
    assert.equal(whole('expiry', '3/2031', '', 'insertFromPaste'), '03/31');
    assert.equal(whole('expiry', '2031-3', '', 'insertFromPaste'), '03/31');
    // Autofill writes 1229 over 12/29 with no inputType: one character fewer is not a Backspace.
    assert.equal(whole('expiry', '1229', '12/29'), '12/29');
    assert.equal(whole('expiry', '2029-12', '01/27', 'insertReplacementText'), '12/29');
    for (const text of [
      '1990-01-01',
      '1990.01.01',
      '1990/1/1',
      '1990. 1. 1.',
      '19900101',
      '900101',
    ]) {
      assert.equal(whole('birth', text, '', 'insertFromPaste'), '900101', text);
    }
    assert.equal(whole('birth', '2001-02-03'), '010203');
    // Not a whole value: a three-digit paste is digits, typing stays digit by digit.
    assert.equal(whole('expiry', '122', '', 'insertFromPaste'), '12/2');
    assert.equal(typeKeys('birth', '19900101').value, '199001');
  });

  it('reads a whole value committed as one insertText (a keyboard clipboard chip, an IME) by its layout', () => {
    const commit = (kind: MaskKind, text: string, inputType = 'insertText', previous = '') =>
      maskInput(kind, { ...typeInto(previous, 0, previous.length, text, inputType), data: text })
        .value;
    assert.equal(commit('expiry', '2029-12'), '12/29');
    assert.equal(commit('expiry', '2029-12', 'insertCompositionText'), '12/29');
    assert.equal(commit('expiry', '12/2029', 'insertText', '01/27'), '12/29');
    assert.equal(commit('birth', '1990-01-01'), '900101');
    assert.equal(commit('birth', '1990. 1. 1.'), '900101');
    // Bare digits in one insertText are a burst of keystrokes (GBoard, Samsung): digit by digit.
    assert.equal(commit('birth', '19900101'), '199001');
    assert.equal(commit('expiry', '122029'), '12/20');
    // A separator typed alone is a keystroke.
    assert.equal(maskInput('expiry', { ...typeInto('1', 1, 1, '/'), data: '/' }).value, '01/');
  });

  it('IME: a burst of several digits, composition text and full-width digits', () => {
    // GBoard / Samsung keyboards may deliver several digits in one insertText.
    const burst = maskInput('card_number', typeInto('4242 42', 7, 7, '424242'));
    assert.deepEqual(burst, { value: '4242 4242 4242', caret: 14, digits: '424242424242' });
    // The same value arriving twice (input fired twice, no keydown) changes nothing.
    assert.deepEqual(
      maskInput('card_number', {
        previous: burst.value,
        value: burst.value,
        caret: burst.caret,
        inputType: 'insertText',
      }),
      burst,
    );
    const composed = maskInput(
      'card_number',
      typeInto('4242', 4, 4, '４２', 'insertCompositionText'),
    );
    assert.deepEqual(composed, { value: '4242 42', caret: 7, digits: '424242' });
    assert.equal(maskInput('birth', typeInto('', 0, 0, '٩٠٠١٠١', 'insertText')).value, '900101');
    assert.equal(
      maskInput('pwd_2digit', typeInto('', 0, 0, 'ㄱ1', 'insertCompositionText')).value,
      '1',
    );
  });

  it('formatValue gives the display form', () => {
    assert.equal(formatValue('card_number', '4242424242424242'), '4242 4242 4242 4242');
    assert.equal(formatValue('expiry', '1229'), '12/29');
    assert.equal(formatValue('expiry', '12'), '12');
    assert.equal(formatValue('business_number', '2208162517'), '220-81-62517');
    assert.equal(formatValue('business_number', '2208'), '220-8');
    assert.equal(formatValue('birth', '900101'), '900101');
  });

  it('takes far less than a frame per keystroke', () => {
    const { perKeystrokeMicros, keystrokes } = benchmarkMaskInput(300);
    assert.ok(keystrokes > 10_000);
    assert.ok(perKeystrokeMicros < 1000, `${perKeystrokeMicros} µs per keystroke`);
  });
});

// ---------- properties ----------

const KINDS: MaskKind[] = ['card_number', 'birth', 'business_number', 'pwd_2digit', 'expiry'];
const digitText = fc.stringMatching(/^[0-9]{0,22}$/);

/** A field state the widget can be in: a masked value and a selection inside it. */
const fieldState = (kind: MaskKind) =>
  digitText.chain((d) => {
    const { value } = maskInput(kind, typeInto('', 0, 0, d, 'insertFromPaste'));
    return fc
      .tuple(fc.nat({ max: value.length }), fc.nat({ max: value.length }))
      .map(([a, b]) => ({ value, start: Math.min(a, b), end: Math.max(a, b) }));
  });

type Op =
  { kind: 'insert'; text: string; inputType: string } | { kind: 'backspace' } | { kind: 'delete' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    text: fc.stringMatching(/^[0-9]{1,6}$/),
    inputType: fc.constantFrom('insertText', 'insertCompositionText'),
  }),
  // A paste into the middle, digits mixed with spaces and dashes (expiry pastes are tested apart).
  fc.record({
    kind: fc.constant('insert' as const),
    text: fc.stringMatching(/^[0-9 -]{1,12}$/),
    inputType: fc.constant('insertFromPaste'),
  }),
  fc.constant({ kind: 'backspace' as const }),
  fc.constant({ kind: 'delete' as const }),
);

describe('maskInput properties', () => {
  it('is idempotent: masking its own output changes nothing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.string({ maxLength: 30 }), (kind, pasted) => {
        const once = maskInput(kind, typeInto('', 0, 0, pasted, 'insertFromPaste'));
        const again = maskInput(kind, {
          previous: once.value,
          value: once.value,
          caret: once.caret,
        });
        assert.deepEqual(again, once);
        assert.equal(formatValue(kind, once.digits), once.value.replace(/\/$/, ''));
      }),
      { numRuns: 1000 },
    );
  });

  it('a paste of digits mixed with spaces and dashes keeps every digit, capped at the maximum', () => {
    const messy = fc
      .array(fc.constantFrom(...'0123456789', ' ', '-', ' - '), { maxLength: 30 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(
        fc.constantFrom(
          'card_number',
          'birth',
          'business_number',
          'pwd_2digit',
        ) as fc.Arbitrary<MaskKind>,
        messy,
        (kind, pasted) => {
          // Dates with a four-digit year are read by their layout (see the whole-value example).
          fc.pre(kind !== 'birth' || !/^(19|20)\d\d/.test(pasted.replace(/\s/g, '')));
          const d = digitsOf(pasted);
          const r = maskInput(kind, typeInto('', 0, 0, pasted, 'insertFromPaste'));
          assert.equal(r.digits, d.slice(0, maxDigits(kind, d)));
          assert.equal(r.value, formatValue(kind, d));
          assert.equal(r.caret, r.value.length);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('every edit keeps exactly the expected digits and the caret after the same digit count', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...KINDS)
          .chain((kind) => fc.tuple(fc.constant(kind), fieldState(kind), op)),
        ([kind, state, o]) => {
          const { value: prev, start, end } = state;
          const A = digitsOf(prev.slice(0, start));
          const B = digitsOf(prev.slice(end));
          const selected = digitsOf(prev.slice(start, end));
          let edit: MaskEdit;
          let expected: string;
          let count: number;
          if (o.kind === 'insert') {
            // Pasted dates are read by their layout (tested by example above).
            if ((kind === 'expiry' || kind === 'birth') && o.inputType === 'insertFromPaste')
              return;
            edit = typeInto(prev, start, end, o.text, o.inputType);
            expected = A + digitsOf(o.text) + B;
            count = A.length + digitsOf(o.text).length;
          } else if (start !== end && selected !== '') {
            edit = {
              previous: prev,
              value: prev.slice(0, start) + prev.slice(end),
              caret: start,
              inputType: o.kind === 'backspace' ? 'deleteContentBackward' : 'deleteContentForward',
            };
            expected = A + B;
            count = A.length;
          } else {
            // A collapsed caret, or a selection of separators only (the function cannot tell).
            const [from, to] =
              start !== end
                ? [start, end]
                : o.kind === 'backspace'
                  ? [start - 1, start]
                  : [start, start + 1];
            if (from < 0 || to > prev.length) return; // the browser fires no input event
            edit = {
              previous: prev,
              value: prev.slice(0, from) + prev.slice(to),
              caret: from,
              inputType: o.kind === 'backspace' ? 'deleteContentBackward' : 'deleteContentForward',
            };
            if (o.kind === 'backspace') {
              expected = A.slice(0, -1) + B;
              count = Math.max(0, A.length - 1);
            } else {
              expected = A + B.slice(1);
              count = A.length;
            }
          }
          if (
            kind === 'expiry' &&
            o.kind === 'insert' &&
            /^[2-9]/.test(expected) &&
            !/^[2-9]/.test(digitsOf(prev))
          ) {
            expected = `0${expected}`;
            if (count > 0) count++;
          }
          // Typed into the middle of a full field: what does not fit of the typed digits is
          // dropped, never the digits after the caret.
          const over = expected.length - maxDigits(kind, expected);
          const typed = expected.length - digitsOf(prev).length;
          if (o.kind === 'insert' && over > 0 && count < expected.length) {
            const cut = Math.min(over, count, Math.max(0, typed));
            expected = expected.slice(0, count - cut) + expected.slice(count);
            count -= cut;
          }
          expected = expected.slice(0, maxDigits(kind, expected));
          const r = maskInput(kind, edit);
          assert.equal(r.digits, expected, JSON.stringify(edit));
          assert.equal(digitsOf(r.value), r.digits);
          assert.equal(
            digitsOf(r.value.slice(0, r.caret)).length,
            Math.min(count, r.digits.length),
            JSON.stringify({ edit, r }),
          );
          assert.equal(r.value.replace(/\/$/, ''), formatValue(kind, r.digits));
          // And the result is a fixed point.
          assert.deepEqual(
            maskInput(kind, { previous: r.value, value: r.value, caret: r.caret }),
            r,
          );
        },
      ),
      { numRuns: 3000 },
    );
  });
});
