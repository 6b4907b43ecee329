import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import * as v from 'valibot';
import { checkField } from './check-field.ts';
import { FIELD_ERROR_CODES } from './field-error-code.ts';
import { fieldErrorsOf } from './field-errors-of.ts';
import { RegistrationRequestSchema } from './registration-request.ts';
import { toRegistrationRequest } from './to-registration-request.ts';
import { groupDigits } from './wire-card-number.ts';
import { BUSINESS_NUMBER, VALID_CARD, typedCard } from '../../server/testing/test-cards.ts';

const valid = { token: 'header.payload.signature', ...VALID_CARD };

function errorsOf(body: unknown) {
  const r = v.safeParse(RegistrationRequestSchema, body);
  return r.success ? null : fieldErrorsOf(r.issues);
}

describe('RegistrationRequestSchema', () => {
  it('accepts the wire format and drops unknown keys', () => {
    const r = v.safeParse(RegistrationRequestSchema, { ...valid, extra: 'x', amount: 1 });
    assert.equal(r.success, true);
    assert.deepEqual(r.output, valid);
  });

  it('accepts brand groupings and a corporate card without a password', () => {
    for (const card_number of ['3782-822463-10005', '3056-930902-5904', '5555-5555-5555-4444']) {
      assert.equal(errorsOf({ ...valid, card_number }), null, card_number);
    }
    const corporate = { ...valid, birth: BUSINESS_NUMBER } as Partial<typeof valid>;
    delete corporate.pwd_2digit;
    const r = v.safeParse(RegistrationRequestSchema, corporate);
    assert.equal(r.success, true);
    assert.equal('pwd_2digit' in r.output, false);
    // An empty password with a business number is the same as none, and is left out.
    const empty = v.parse(RegistrationRequestSchema, {
      ...valid,
      birth: BUSINESS_NUMBER,
      pwd_2digit: '',
    });
    assert.equal('pwd_2digit' in empty, false);
  });

  const bad: Array<[string, Record<string, unknown>, Record<string, string[]>]> = [
    ['undashed number', { card_number: '4242424242424242' }, { card_number: ['invalid'] }],
    ['spaces', { card_number: '4242 4242 4242 4242' }, { card_number: ['invalid'] }],
    [
      'dashes in the wrong groups',
      { card_number: '3782-8224-6310-005' },
      { card_number: ['invalid'] },
    ],
    ['Luhn failure', { card_number: '4242-4242-4242-4241' }, { card_number: ['luhn'] }],
    ['too short', { card_number: '4242-4242-4242' }, { card_number: ['incomplete'] }],
    ['MM/YY on the wire', { expiry: '12/29' }, { expiry: ['invalid'] }],
    ['expired', { expiry: '2020-12' }, { expiry: ['expired'] }],
    ['month 13', { expiry: '2029-13' }, { expiry: ['month'] }],
    ['30 February', { birth: '900230' }, { birth: ['date'] }],
    ['seven digits', { birth: '9001011' }, { birth: ['incomplete'] }],
    ['business number checksum', { birth: '2208162518' }, { birth: ['checksum'] }],
    ['one password digit', { pwd_2digit: '1' }, { pwd_2digit: ['incomplete'] }],
    ['missing password, personal card', { pwd_2digit: undefined }, { pwd_2digit: ['required'] }],
    ['empty password, personal card', { pwd_2digit: '' }, { pwd_2digit: ['required'] }],
    ['number instead of string', { birth: 900101 }, { birth: ['invalid'] }],
    ['missing field', { expiry: undefined }, { expiry: ['required'] }],
  ];
  for (const [name, patch, expected] of bad) {
    it(`rejects ${name}`, () => {
      const body: Record<string, unknown> = { ...valid, ...patch };
      for (const [k, val] of Object.entries(patch)) if (val === undefined) delete body[k];
      assert.deepEqual(errorsOf(body), expected);
    });
  }

  it('rejects a bad token without naming a card field', () => {
    for (const token of ['', 'x'.repeat(4097), 42]) {
      const r = v.safeParse(RegistrationRequestSchema, { ...valid, token });
      assert.equal(r.success, false);
      assert.deepEqual(fieldErrorsOf(r.issues), {});
    }
    assert.equal(
      v.safeParse(RegistrationRequestSchema, { ...valid, token: 'x'.repeat(4096) }).success,
      true,
    );
  });

  it('rejects bodies that are not objects', () => {
    for (const body of [null, 'x', 42, [], undefined]) {
      assert.equal(v.safeParse(RegistrationRequestSchema, body).success, false);
    }
  });

  it('never puts input into an issue message, whatever the body', () => {
    const digitString = fc.stringMatching(/^[0-9 -]{0,24}$/);
    const anyValue = fc.oneof(digitString, fc.string(), fc.integer(), fc.constant(undefined));
    fc.assert(
      fc.property(
        fc.record({
          token: fc.oneof(fc.string(), fc.integer()),
          card_number: anyValue,
          expiry: anyValue,
          birth: anyValue,
          pwd_2digit: anyValue,
        }),
        (body) => {
          const r = v.safeParse(RegistrationRequestSchema, body);
          if (r.success) return;
          for (const issue of r.issues) {
            assert.ok(
              (FIELD_ERROR_CODES as readonly string[]).includes(issue.message),
              issue.message,
            );
          }
          // Only field names and codes come out: not one character of the input.
          for (const codes of Object.values(fieldErrorsOf(r.issues))) {
            for (const code of codes)
              assert.ok((FIELD_ERROR_CODES as readonly string[]).includes(code));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('toRegistrationRequest', () => {
  it('dashes by brand, turns MMYY into YYYY-MM, and passes its own schema', () => {
    const rows: Array<[string, string]> = [
      ['4242424242424242', '4242-4242-4242-4242'],
      ['378282246310005', '3782-822463-10005'],
      ['30569309025904', '3056-930902-5904'],
      ['4242424242424242426', '4242-4242-4242-4242-426'],
    ];
    for (const [digits, wire] of rows) {
      const body = toRegistrationRequest('t', {
        card_number: digits,
        expiry: '0130',
        birth: '900101',
        pwd_2digit: '12',
      });
      assert.deepEqual(body, {
        token: 't',
        card_number: wire,
        expiry: '2030-01',
        birth: '900101',
        pwd_2digit: '12',
      });
    }
    assert.equal(
      v.safeParse(
        RegistrationRequestSchema,
        toRegistrationRequest('t', {
          card_number: '378282246310005',
          expiry: typedCard().expiry,
          birth: BUSINESS_NUMBER,
          pwd_2digit: '',
        }),
      ).success,
      true,
    );
  });

  it('round-trips every valid generated card through the schema', () => {
    const kinds: Array<[string, number[]]> = [
      ['4', [13, 16, 19]],
      ['51', [16]],
      ['2221', [16]],
      ['34', [15]],
      ['3528', [16, 17, 18, 19]],
      ['62', [16, 19]],
      ['36', [14, 16]],
      ['9', [13, 15, 16, 19]],
    ];
    const card = fc
      .constantFrom(...kinds)
      .chain(([prefix, lengths]) =>
        fc
          .constantFrom(...lengths)
          .chain((n) =>
            fc
              .stringMatching(new RegExp(`^[0-9]{${n - 1 - prefix.length}}$`))
              .map((mid) => withCheckDigit(prefix + mid)),
          ),
      );
    fc.assert(
      fc.property(card, (digits) => {
        const req = toRegistrationRequest('t', {
          card_number: digits,
          expiry: typedCard().expiry,
          birth: '900101',
          pwd_2digit: '00',
        });
        const r = v.safeParse(RegistrationRequestSchema, req);
        assert.equal(r.success, true, req.card_number);
        assert.equal(r.output.card_number.replace(/-/g, ''), digits);
      }),
      { numRuns: 300 },
    );
  });
});

/** Appends the Luhn check digit (written independently of luhnValid). */
function withCheckDigit(partial: string): string {
  let sum = 0;
  [...partial].reverse().forEach((c, i) => {
    const d = Number(c) * (i % 2 === 0 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  });
  return partial + String((10 - (sum % 10)) % 10);
}

describe('RegistrationRequestSchema and checkField agree', () => {
  it('the wire form of any digits gets exactly the code checkField gives them', () => {
    const digits = (max: number) => fc.stringMatching(new RegExp(`^[0-9]{0,${max}}$`));
    const luhnCard = fc
      .tuple(fc.constantFrom('4', '51', '34', '36', '62', '9'), digits(17))
      .map(([p, rest]) => withCheckDigit((p + rest).slice(0, 18)));
    fc.assert(
      fc.property(
        fc.oneof(digits(21), luhnCard),
        fc.stringMatching(/^[0-9]{4}$/),
        fc.oneof(digits(6), fc.stringMatching(/^[0-9]{10}$/), fc.constant('2208162517')),
        digits(3),
        (card, mmyy, birth, pwd) => {
          const body = {
            token: 't',
            card_number: groupDigits(card, '-'),
            expiry: `20${mmyy.slice(2)}-${mmyy.slice(0, 2)}`,
            birth,
            pwd_2digit: pwd,
          };
          const r = v.safeParse(RegistrationRequestSchema, body);
          const fields = r.success ? {} : fieldErrorsOf(r.issues);
          const expect = (code: string | null) => (code === null ? undefined : [code]);
          assert.deepEqual(fields.card_number, expect(checkField('card_number', card)));
          assert.deepEqual(fields.expiry, expect(checkField('expiry', mmyy)));
          assert.deepEqual(fields.birth, expect(checkField('birth', birth)));
          // Whether the password may be empty depends on a valid birth field.
          if (fields.birth === undefined) {
            const corporate = birth.length === 10;
            assert.deepEqual(
              fields.pwd_2digit,
              expect(checkField('pwd_2digit', pwd, { corporate })),
            );
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
