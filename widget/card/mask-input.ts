import { digitsOf } from './digits-of.ts';
import { formatValue } from './format-value.ts';
import { maxDigits, type MaskKind } from './mask-kind.ts';

/**
 * One edit of a masked input: `value` and `caret` are the input's state right after the browser
 * applied the edit, `previous` its value before, `inputType` the `InputEvent.inputType`.
 */
export interface MaskEdit {
  previous: string;
  value: string;
  caret: number;
  inputType?: string | undefined;
  /** The text the edit inserted (`InputEvent.data`, a composition's `data`), when known. */
  data?: string | null | undefined;
}

/** The masked value to put back into the input, where to put the caret, and the field's digits. */
export interface MaskResult {
  value: string;
  caret: number;
  digits: string;
}

/** Index in `formatted` just after its `count`-th digit (the end once every digit is passed). */
function caretAfter(formatted: string, count: number, total: number): number {
  if (count >= total) return formatted.length;
  let seen = 0;
  for (let i = 0; i < formatted.length && count > 0; i++) {
    if (/\d/.test(formatted[i]!)) seen++;
    if (seen === count) return i + 1;
  }
  return 0;
}

// A month given as one digit and a separator ('1/', '3-29').
const SHORT_MONTH = /^\s*[1-9]\s*[/.\s-]/;

const pad = (n: string | undefined): string => n!.padStart(2, '0');

/**
 * The digits of a whole value in one of the layouts people paste and browsers autofill, or null.
 * Expiry: MM/YY, MM/YYYY, MMYY, MMYYYY, YYYY-MM, YYYY-MM-DD. Birth: YYYYMMDD, YYYY-MM-DD,
 * YYYY.MM.DD and the Korean '1990. 1. 1.' (YYMMDD needs no reading). Separators are any of / . -
 */
function wholeValue(kind: MaskKind, value: string): string | null {
  const v = value.replace(/\s/g, '');
  let m: RegExpExecArray | null;
  if (kind === 'expiry') {
    if ((m = /^(\d\d|\d(?=[/.-]))[/.-]?(?:20)?(\d\d)$/.exec(v))) return pad(m[1]) + m[2];
    if ((m = /^20(\d\d)[/.-](\d\d?)([/.-]\d\d?)?\.?$/.exec(v))) return pad(m[2]) + m[1];
  } else if (kind === 'birth') {
    if ((m = /^(?:19|20)(\d\d)[/.-](\d\d?)[/.-](\d\d?)\.?$/.exec(v)))
      return m[1]! + pad(m[2]) + pad(m[3]);
    if ((m = /^(?:19|20)(\d{6})$/.exec(v))) return m[1]!;
  }
  return null;
}

/**
 * Masks one edit: keeps only the digits of `value` (so a paste of '4242 4242-4242 4242', an IME
 * composition or a burst of several digits from an Android keyboard can never duplicate or reorder
 * them), caps them at the field's maximum (a key typed into a full field does nothing), formats
 * them, and puts the caret after the same number of digits it followed in the raw edit. Backspace
 * just after a separator deletes the digit before it, Delete just before one the digit after it.
 * Expiry: a leading 2–9 becomes '0X/', the '/' is added after the month when typing but not when
 * deleting.
 */
export function maskInput(kind: MaskKind, edit: MaskEdit): MaskResult {
  const { previous, value, inputType, data } = edit;
  const caret = Math.max(0, Math.min(edit.caret, value.length));
  // A whole value (a paste, autofill, a password manager) ends with the caret at its end; read it
  // by its layout, not digit by digit, so 2029-12 is December 2029 and 1229 over 12/29 stays.
  // Android keyboards' clipboard chips and IMEs commit a whole '2029-12' as one insertText: text
  // with a separator in it is a value, not keystrokes. A burst of bare digits stays digit by digit.
  const whole =
    caret === value.length &&
    (/^insert(Text|Comp)/.test(inputType ?? '')
      ? /\D./.test(data ?? '')
      : !inputType?.startsWith('delete'))
      ? wholeValue(kind, value)
      : null;
  if (whole) {
    const formatted = formatValue(kind, whole);
    return { value: formatted, caret: formatted.length, digits: digitsOf(formatted) };
  }
  const previousDigits = digitsOf(previous);
  let digits = digitsOf(value);
  let before = digitsOf(value.slice(0, caret)).length;
  const deleting =
    inputType === undefined
      ? digits.length < previousDigits.length || value.length < previous.length
      : inputType.startsWith('delete');

  // Only a separator went away: the user meant the digit next to it.
  if (deleting && digits === previousDigits && value.length < previous.length) {
    if (inputType === 'deleteContentForward') {
      digits = digits.slice(0, before) + digits.slice(before + 1);
    } else if (
      inputType === 'deleteContentBackward' ||
      // Without an inputType (old browsers, autofill) only a one-character loss is a Backspace.
      (inputType === undefined && value.length === previous.length - 1)
    ) {
      if (before > 0) {
        digits = digits.slice(0, before - 1) + digits.slice(before);
        before--;
      }
    }
  }

  let slash = false;
  if (kind === 'expiry' && !deleting) {
    // Keystrokes edit digit by digit; whole values (paste, autofill) may use other layouts.
    const typing = inputType === 'insertText' || inputType === 'insertCompositionText';
    if (
      // A typed separator sits before the caret; one left after it (retyping a selected month)
      // was not typed and closes nothing.
      (SHORT_MONTH.test(typing ? value.slice(0, caret) : value) &&
        (digits.length === 1 || !typing)) ||
      (/^[2-9]/.test(digits) && !/^[2-9]/.test(previousDigits))
    ) {
      // Only a newly typed 2-9 means a one-digit month; a '2' left over from deleting the
      // leading '0' stays as it is, so deleting and re-masking never add digits back.
      digits = `0${digits}`;
      if (before > 0) before++;
    }
    // Add the '/' as the month completes, and keep one that is already there.
    slash =
      digits.length === 2 && (digits.length > previousDigits.length || /^\D*\d\D*\d\D/.test(value));
  }

  // Typed into the middle of a full field: drop what was just typed past the maximum, not the
  // digits after the caret (as maxlength would), so 12/29 never silently becomes 15/22.
  const over = digits.length - maxDigits(kind, digits);
  const typed = digits.length - previousDigits.length;
  if (!deleting && over > 0 && before < digits.length) {
    const cut = Math.min(over, before, Math.max(0, typed));
    digits = digits.slice(0, before - cut) + digits.slice(before);
    before -= cut;
  }
  digits = digits.slice(0, maxDigits(kind, digits));
  before = Math.min(before, digits.length);
  const formatted = formatValue(kind, digits) + (slash ? '/' : '');
  return { value: formatted, caret: caretAfter(formatted, before, digits.length), digits };
}
