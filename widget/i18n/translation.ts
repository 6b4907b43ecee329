import type { CardIssuer } from '../card/index.ts';
import {
  FIELD_ERROR_CODES,
  type CardBrand,
  type FormErrorCode,
  type FieldErrorCode,
} from '../contract/index.ts';

/** The texts of one input: its label, placeholder, help line and a message per error code. */
export interface FieldTranslation {
  label: string;
  placeholder: string;
  /** Help below the input, where the label alone may not be enough. */
  hint?: string;
  errors: Record<FieldErrorCode, string>;
}

/**
 * Every text the widget shows, for one language. `{…}` marks a value filled in at display time
 * (see {@link fillTemplate}).
 */
export interface Translation {
  /** BCP 47 tag of the language. */
  lang: string;
  /** Accessible name of the whole form. */
  formLabel: string;
  fields: {
    card_number: FieldTranslation;
    expiry: FieldTranslation;
    /** Birth date (YYMMDD), the personal-card mode of the `birth` field. */
    birth: FieldTranslation;
    /** Business registration number, the corporate-card mode of the `birth` field. */
    business_number: FieldTranslation;
    pwd_2digit: FieldTranslation;
  };
  /** Shown next to a label whose field may be left empty (the password of a corporate card). */
  optional: string;
  /** The switch between a personal and a corporate card. */
  corporate: string;
  brands: Record<CardBrand, string>;
  /** Korean card companies, shown before the brand (e.g. '신한 VISA'). */
  issuers: Record<CardIssuer, string>;
  submit: {
    billing_key: string;
    payment: string;
    billing_key_and_payment: string;
  };
  /** Button text and status while the request is pending. */
  processing: string;
  retry: string;
  success: {
    billing_key: string;
    payment: string;
    billing_key_and_payment: string;
  };
  /** A message per error code a card form can meet (server, network, frame). */
  errors: Record<FormErrorCode, string>;
  /**
   * Announced on submit when fields are invalid: '{count}' fields, by the language's plural
   * category (`Intl.PluralRules`); `other` serves every category not given.
   */
  fixFields: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
  /** After a decline or PG error, the card company's own words: '{reason}'. */
  pgReason: string;
  /** The order amount, e.g. '{amount}원'. */
  amount: string;
}

/** Fills `{name}` placeholders of a translated text. Unknown names stay as written. */
export function fillTemplate(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/**
 * A field's message for every error code: the specific ones given, `fallback` for the rest: codes
 * the field never produces, and `invalid`/`length`, which the masked inputs cannot produce (they
 * only come back from a server answering some other client).
 */
export function fieldErrors(
  fallback: string,
  specific: Partial<Record<FieldErrorCode, string>>,
): Record<FieldErrorCode, string> {
  return Object.fromEntries(
    FIELD_ERROR_CODES.map((code) => [code, specific[code] ?? fallback]),
  ) as Record<FieldErrorCode, string>;
}
