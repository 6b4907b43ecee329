// Inputs in PortOne V2's own names (its OpenAPI document), so its docs apply verbatim. Only what
// impcard sends is here; every optional field accepts `undefined`, which is dropped before sending.

/** `CardCredential`: card data, only in flight. */
export interface PortOneCardCredential {
  /** Digits only. */
  number: string;
  /** `YY`. */
  expiryYear: string;
  /** `MM`. */
  expiryMonth: string;
  /** `YYMMDD`, or the 10-digit business registration number. */
  birthOrBusinessRegistrationNumber?: string | undefined;
  passwordTwoDigits?: string | undefined;
}

/** `CustomerInput`, as far as impcard fills it. */
export interface PortOneCustomerInput {
  /** The merchant's customer id: what `GET /billing-keys` filters by. */
  id?: string | undefined;
  name?: { full: string } | undefined;
  email?: string | undefined;
  phoneNumber?: string | undefined;
}

/** Body of `POST /billing-keys` (card). */
export interface PortOneIssueBillingKeyInput {
  credential: PortOneCardCredential;
  channelKey?: string | undefined;
  customer?: PortOneCustomerInput | undefined;
  customData?: string | undefined;
  noticeUrls?: string[] | undefined;
}

interface PaymentFields {
  orderName: string;
  /** Integer, in the currency's unit (KRW: won). */
  amount: { total: number; taxFree?: number | undefined; vat?: number | undefined };
  /** ISO 4217, required by V2 (`KRW`). */
  currency: string;
  channelKey?: string | undefined;
  customer?: PortOneCustomerInput | undefined;
  customData?: string | undefined;
  noticeUrls?: string[] | undefined;
}

/** Body of `POST /payments/{paymentId}/instant` (card key-in). */
export interface PortOneInstantPaymentInput extends PaymentFields {
  credential: PortOneCardCredential;
  installmentMonth?: number | undefined;
}

/** Body of `POST /payments/{paymentId}/billing-key`. */
export interface PortOneBillingKeyPaymentInput extends PaymentFields {
  billingKey: string;
  installmentMonth?: number | undefined;
}

/** Body of `POST /payments/{paymentId}/cancel`. */
export interface PortOneCancelInput {
  reason: string;
  /** Absent: everything that remains. */
  amount?: number | undefined;
  taxFreeAmount?: number | undefined;
  vatAmount?: number | undefined;
  /** The cancellable balance the caller believes remains: PortOne refuses a mismatch. */
  currentCancellableAmount?: number | undefined;
}

/**
 * Our card fields (`YYYY-MM` expiry, separators allowed) as V2's credential: digits only, `YY`
 * and `MM` apart. V2 has no CVC field.
 */
export function credentialOf(card: {
  number: string;
  expiry: string;
  birth?: string | undefined;
  passwordTwoDigits?: string | undefined;
}): PortOneCardCredential {
  const [year = '', month = ''] = card.expiry.split('-');
  return {
    number: card.number.replace(/\D/g, ''),
    expiryYear: year.slice(-2),
    expiryMonth: month.padStart(2, '0'),
    birthOrBusinessRegistrationNumber: card.birth,
    passwordTwoDigits: card.passwordTwoDigits,
  };
}

/** The values of a credential a PG message might quote back: redacted from every message. */
export function credentialSecrets(credential: PortOneCardCredential): string[] {
  return [
    credential.number,
    `${credential.expiryYear}${credential.expiryMonth}`,
    credential.birthOrBusinessRegistrationNumber ?? '',
    credential.passwordTwoDigits ?? '',
  ].filter((s) => s.length >= 4);
}
