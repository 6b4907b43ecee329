import * as v from 'valibot';
import { checkField } from './check-field.ts';
import type { CheckFieldOptions } from './check-field.ts';
import type { CardField, FieldErrorCode } from './field-error-code.ts';
import { groupDigits } from './wire-card-number.ts';

const requiredOrInvalid = (issue: { input: unknown }): FieldErrorCode =>
  issue.input === undefined ? 'required' : 'invalid';

/**
 * A wire string field whose rules are exactly `checkField`'s: `toDigits` maps the wire form to the
 * field's digits, or to `null` when the wire layout itself is wrong.
 */
// Marked pure so bundlers drop the schema from the widget, which only needs the functions.
/* @__NO_SIDE_EFFECTS__ */
function cardFieldSchema(
  field: CardField,
  toDigits: (wire: string) => string | null,
  doc: WireDoc,
  opts: CheckFieldOptions = {},
) {
  return v.pipe(
    v.string(requiredOrInvalid),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const digits = toDigits(dataset.value);
      const code = digits === null ? 'invalid' : checkField(field, digits, opts);
      if (code !== null) addIssue({ message: code });
    }),
    // What JSON Schema can say of the rule above (the OpenAPI document reads it); the checks it
    // cannot say (Luhn, brand lengths, dates against today) are named in `description`.
    v.metadata(doc),
  );
}

type WireDoc = {
  pattern: string;
  description: string;
  examples: string[];
};

const cardNumberDigits = (wire: string): string | null => {
  const digits = wire.replace(/-/g, '');
  // The checks on the digits speak first (luhn, length); the dash layout is checked after.
  if (checkField('card_number', digits) !== null) return digits;
  return groupDigits(digits, '-') === wire ? digits : null;
};

const expiryDigits = (wire: string): string | null => {
  const m = /^20(\d\d)-(\d\d)$/.exec(wire);
  return m ? `${m[2]}${m[1]}` : wire === '' ? '' : null;
};

interface WireBody {
  token: string;
  card_number: string;
  expiry: string;
  birth: string;
  pwd_2digit?: string;
}

/**
 * The body the widget POSTs and the server validates: `card_number` dashed in its brand's groups,
 * `expiry` as `YYYY-MM`, `birth` as YYMMDD or a 10-digit business number, `pwd_2digit` as two
 * digits (optional only with a business number). Issue messages are {@link FieldErrorCode}s and
 * never contain the input; unknown keys are dropped and an empty `pwd_2digit` is left out.
 */
export const RegistrationRequestSchema = v.pipe(
  v.object(
    {
      token: v.pipe(
        v.string(requiredOrInvalid),
        v.nonEmpty('required'),
        v.maxLength(4096, 'length'),
      ),
      card_number: cardFieldSchema('card_number', cardNumberDigits, {
        pattern: '^\\d{4}-(\\d{4}-\\d{4}-\\d{1,4}(-\\d{1,3})?|\\d{6}-\\d{4,5})$',
        description:
          "Dashed in the brand's groups (4-4-4-4, Amex 4-6-5, Diners 4-6-4, 19 digits 4-4-4-4-3). Also refused with a field code: a failed Luhn check (luhn), a length the brand does not have (length, incomplete), other groups (invalid).",
        examples: ['4242-4242-4242-4242'],
      }),
      expiry: cardFieldSchema('expiry', expiryDigits, {
        pattern: '^20\\d{2}-(0[1-9]|1[0-2])$',
        description:
          'YYYY-MM. Also refused: a month already past in Korea (expired), more than 20 years ahead (invalid).',
        examples: ['2031-12'],
      }),
      birth: cardFieldSchema('birth', (wire) => wire, {
        pattern: '^(\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])|\\d{10})$',
        description:
          "The holder's birth date YYMMDD, or a 10-digit business registration number for a corporate card. Also refused: a day the month lacks or a date after today (date), a business number whose check digit is wrong (checksum).",
        examples: ['900101'],
      }),
      pwd_2digit: v.optional(
        // Presence is decided below, where the birth field tells personal from corporate cards.
        cardFieldSchema(
          'pwd_2digit',
          (wire) => wire,
          {
            pattern: '^\\d{2}$',
            description:
              'The first two digits of the card PIN; required unless birth is a business number.',
            examples: ['12'],
          },
          { corporate: true },
        ),
      ),
    },
    // Also the message of a missing key, whose issue carries `input: undefined`.
    requiredOrInvalid,
  ),
  v.forward(
    v.partialCheck(
      [['birth'], ['pwd_2digit']],
      (input) => input.birth.length === 10 || (input.pwd_2digit ?? '') !== '',
      'required',
    ),
    ['pwd_2digit'],
  ),
  v.transform(({ pwd_2digit, ...rest }): WireBody => (pwd_2digit ? { ...rest, pwd_2digit } : rest)),
);

/** The registration body as sent (before validation). */
export type RegistrationRequestInput = v.InferInput<typeof RegistrationRequestSchema>;
/** The registration body after validation: what the server passes on to i'mport. */
export type RegistrationRequest = v.InferOutput<typeof RegistrationRequestSchema>;
