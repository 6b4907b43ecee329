import type { RegistrationRequest } from './registration-request.ts';
import { groupDigits } from './wire-card-number.ts';

/** The digits of each card field, as the widget holds them (expiry as `MMYY`). */
export interface CardDigits {
  card_number: string;
  expiry: string;
  birth: string;
  pwd_2digit: string;
}

/**
 * Builds the wire body from the field digits: dashes the card number in its brand groups, turns
 * `MMYY` into `YYYY-MM` and leaves out an empty password. Validate the fields first: this only
 * reshapes.
 */
export function toRegistrationRequest(token: string, digits: CardDigits): RegistrationRequest {
  const body: RegistrationRequest = {
    token,
    card_number: groupDigits(digits.card_number, '-'),
    expiry: `20${digits.expiry.slice(2, 4)}-${digits.expiry.slice(0, 2)}`,
    birth: digits.birth,
  };
  if (digits.pwd_2digit !== '') body.pwd_2digit = digits.pwd_2digit;
  return body;
}
