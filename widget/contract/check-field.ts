import { businessNumberValid } from './business-number-valid.ts';
import { detectBrand } from './card-brand.ts';
import type { CardField, FieldErrorCode } from './field-error-code.ts';
import { daysInMonth, koreaToday, type CalendarDay } from './korea-date.ts';
import { luhnValid } from './luhn-valid.ts';

/** Options of {@link checkField}. */
export interface CheckFieldOptions {
  /**
   * Judge a value still being typed: a plausible prefix is no error, an already impossible one is.
   * @default false
   */
  partial?: boolean | undefined;
  /** The current time, for expiry and birth dates (compared on Korean time). @default new Date() */
  now?: Date | undefined;
  /**
   * `true`: `birth` must be a 10-digit business registration number and `pwd_2digit` may be empty.
   * `false`: `birth` must be a 6-digit YYMMDD date. Unset: either (the wire rule).
   */
  corporate?: boolean | undefined;
}

/** How far ahead an expiry may lie before it is treated as a typo. */
export const MAX_EXPIRY_YEARS = 20;

type Check = (digits: string, partial: boolean, opts: CheckFieldOptions) => FieldErrorCode | null;

const checkCardNumber: Check = (d, partial) => {
  const { lengths } = detectBrand(d);
  const max = Math.max(...lengths);
  if (d.length > max) return 'length';
  // At the longest length a brand allows, no further digit can repair the checksum.
  if (partial) return d.length === max && !luhnValid(d) ? 'luhn' : null;
  if (!lengths.includes(d.length)) return d.length < max ? 'incomplete' : 'length';
  return luhnValid(d) ? null : 'luhn';
};

const ym = (year: number, month: number): number => year * 12 + month;

const checkExpiry: Check = (d, partial, { now }) => {
  if (d.length > 4) return 'length';
  if (d[0]! > '1') return 'month';
  const month = Number(d.slice(0, 2));
  if (d.length >= 2 && (month < 1 || month > 12)) return 'month';
  const today = koreaToday(now);
  if (d.length === 3) {
    // The decade is known: every year in it may already be past, or all of it too far ahead.
    const decade = 2000 + Number(d[2]) * 10;
    if (ym(decade + 9, month) < ym(today.year, today.month)) return 'expired';
    if (decade - today.year > MAX_EXPIRY_YEARS) return 'invalid';
  }
  if (d.length < 4) return partial ? null : 'incomplete';
  const year = 2000 + Number(d.slice(2));
  if (ym(year, month) < ym(today.year, today.month)) return 'expired';
  if (year - today.year > MAX_EXPIRY_YEARS) return 'invalid';
  return null;
};

const dayNumber = (y: number, m: number, d: number): number => y * 10000 + m * 100 + d;

function checkBirthDate(d: string, partial: boolean, today: CalendarDay): FieldErrorCode | null {
  // Two-digit years up to this year's are 2000s, the rest 1900s: the usual Korean reading.
  const yy = Number(d.slice(0, 2));
  const year = (yy <= today.year % 100 ? 2000 : 1900) + yy;
  const todayNumber = dayNumber(today.year, today.month, today.day);
  if (d.length >= 3 && d[2]! > '1') return 'month';
  if (d.length >= 4) {
    const month = Number(d.slice(2, 4));
    if (month < 1 || month > 12) return 'month';
    if (dayNumber(year, month, 1) > todayNumber) return 'date';
    const dim = daysInMonth(year, month);
    if (d.length >= 5) {
      const tens = Number(d[4]);
      if (tens * 10 > dim || dayNumber(year, month, Math.max(1, tens * 10)) > todayNumber) {
        return 'date';
      }
    }
    if (d.length === 6) {
      const day = Number(d.slice(4));
      if (day < 1 || day > dim || dayNumber(year, month, day) > todayNumber) return 'date';
      return null;
    }
  }
  return partial ? null : 'incomplete';
}

function checkBusinessNumber(d: string, partial: boolean): FieldErrorCode | null {
  if (d.length < 10) return partial ? null : 'incomplete';
  return businessNumberValid(d) ? null : 'checksum';
}

const checkBirth: Check = (d, partial, { now, corporate }) => {
  if (d.length > (corporate === false ? 6 : 10)) return 'length';
  if (corporate === true) return checkBusinessNumber(d, partial);
  if (d.length <= 6) {
    // Without a mode, six digits typed so far may still grow into a business number.
    if (partial && corporate === undefined) return null;
    return checkBirthDate(d, partial, koreaToday(now));
  }
  return checkBusinessNumber(d, partial);
};

const checkPassword: Check = (d, partial) => {
  if (d.length > 2) return 'length';
  return d.length < 2 && !partial ? 'incomplete' : null;
};

const CHECKS: Record<CardField, Check> = {
  card_number: checkCardNumber,
  expiry: checkExpiry,
  birth: checkBirth,
  pwd_2digit: checkPassword,
};

/**
 * Checks one field's digits (expiry as `MMYY`; birth as 6-digit YYMMDD or a 10-digit business
 * number) and returns the first problem, or `null`. The widget calls it live with `partial: true`;
 * the wire schema calls it on the digits it received, so both sides apply the same rules.
 */
export function checkField(
  field: CardField,
  digits: string,
  opts: CheckFieldOptions = {},
): FieldErrorCode | null {
  const partial = opts.partial === true;
  if (digits === '') {
    if (partial || (field === 'pwd_2digit' && opts.corporate === true)) return null;
    return 'required';
  }
  if (!/^\d+$/.test(digits)) return 'invalid';
  return CHECKS[field](digits, partial, opts);
}

/**
 * True when the field holds a finished, valid value, so focus may move on. A card number counts
 * as finished at 16 digits or at its brand's longest length (Amex 15, Diners 14), not at a shorter
 * length that merely happens to pass Luhn.
 */
export function isFieldComplete(
  field: CardField,
  digits: string,
  opts: Pick<CheckFieldOptions, 'corporate' | 'now'> = {},
): boolean {
  if (digits === '' || checkField(field, digits, opts) !== null) return false;
  if (field !== 'card_number') return true;
  const { brand, lengths } = detectBrand(digits);
  return (
    digits.length >= 16 ||
    digits.length === Math.max(...lengths) ||
    (brand === 'diners' && digits.length === 14)
  );
}
