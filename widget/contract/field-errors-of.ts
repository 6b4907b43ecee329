import {
  CARD_FIELDS,
  isFieldErrorCode,
  type CardField,
  type FieldErrorCode,
} from './field-error-code.ts';

/** The part of a valibot issue that {@link fieldErrorsOf} reads (never `input` or `received`). */
export interface IssueLike {
  message: string;
  path?: ReadonlyArray<{ key: unknown }> | undefined;
}

/** Field codes by card field, as sent in a failure's `fields`. */
export type FieldErrors = Partial<Record<CardField, FieldErrorCode[]>>;

/**
 * Maps valibot issues to error codes per card field. Only the codes are kept (a message that is
 * not a code becomes `invalid`), so the result can be sent back without echoing any input.
 * Issues outside the card fields (the token, the body's shape) are left out.
 */
export function fieldErrorsOf(issues: readonly IssueLike[] | undefined): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues ?? []) {
    const key = issue.path?.[0]?.key;
    const field = CARD_FIELDS.find((f) => f === key);
    if (field === undefined) continue;
    const code: FieldErrorCode = isFieldErrorCode(issue.message) ? issue.message : 'invalid';
    const codes = (out[field] ??= []);
    if (!codes.includes(code)) codes.push(code);
  }
  return out;
}
