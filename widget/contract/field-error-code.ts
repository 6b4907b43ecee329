/** The i'mport names of the card fields, as sent on the wire. */
export type CardField = 'card_number' | 'expiry' | 'birth' | 'pwd_2digit';

/** Every card field, in the order the form asks for them (its tab and focus-advance order). */
export const CARD_FIELDS: readonly CardField[] = ['card_number', 'expiry', 'pwd_2digit', 'birth'];

/**
 * Why a field is not acceptable. Codes only: messages come from the translations, and a code never
 * carries the value that caused it.
 */
export type FieldErrorCode =
  | 'required'
  | 'incomplete'
  | 'invalid'
  | 'luhn'
  | 'length'
  | 'expired'
  | 'month'
  | 'date'
  | 'checksum';

/** Every field error code. */
export const FIELD_ERROR_CODES: readonly FieldErrorCode[] = [
  'required',
  'incomplete',
  'invalid',
  'luhn',
  'length',
  'expired',
  'month',
  'date',
  'checksum',
];

/** Type guard for {@link FieldErrorCode}. */
export function isFieldErrorCode(value: unknown): value is FieldErrorCode {
  return (FIELD_ERROR_CODES as readonly unknown[]).includes(value);
}
