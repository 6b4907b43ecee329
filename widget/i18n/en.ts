import { fieldErrors, type Translation } from './translation.ts';

/** English. */
export const en: Translation = {
  lang: 'en',
  formLabel: 'Card details',
  fields: {
    card_number: {
      label: 'Card number',
      placeholder: '0000 0000 0000 0000',
      errors: fieldErrors('Please check your card number.', {
        required: 'Enter your card number.',
        incomplete: 'Your card number is incomplete.',
        luhn: 'This card number is not valid.',
      }),
    },
    expiry: {
      label: 'Expiry date (MM/YY)',
      placeholder: 'MM/YY',
      errors: fieldErrors('Please check the expiry date.', {
        required: 'Enter the expiry date.',
        incomplete: 'Enter the expiry date as MM/YY.',
        expired: 'This card has expired.',
        month: 'The month must be between 01 and 12.',
      }),
    },
    birth: {
      label: 'Date of birth (YYMMDD)',
      placeholder: 'YYMMDD',
      hint: "The cardholder's date of birth, e.g. 900101.",
      errors: fieldErrors('Please check your date of birth.', {
        required: 'Enter your date of birth.',
        incomplete: 'Enter all six digits (YYMMDD).',
        month: 'Please check the month of your date of birth.',
        date: 'This is not a valid date of birth.',
      }),
    },
    business_number: {
      label: 'Business registration number',
      placeholder: '000-00-00000',
      errors: fieldErrors('Please check the business registration number.', {
        required: 'Enter the business registration number.',
        incomplete: 'Enter all ten digits of the business registration number.',
        checksum: 'This business registration number is not valid.',
      }),
    },
    pwd_2digit: {
      label: 'First 2 digits of card PIN',
      placeholder: '••',
      hint: 'Only the first two of the four digits.',
      errors: fieldErrors('Please check your card PIN.', {
        required: 'Enter the first two digits of your card PIN.',
        incomplete: 'Enter both digits.',
      }),
    },
  },
  optional: '(optional)',
  corporate: 'Corporate card',
  // Short: the badge sits inside the card number input on a phone (see .brand in the styles).
  brands: {
    visa: 'Visa',
    mastercard: 'Mastercard',
    amex: 'Amex',
    jcb: 'JCB',
    unionpay: 'UnionPay',
    diners: 'Diners',
    unknown: 'Other card',
  },
  issuers: {
    shinhan: 'Shinhan',
    kb: 'KB Kookmin',
    samsung: 'Samsung',
    hana: 'Hana',
    citi: 'Citi',
    kakaobank: 'KakaoBank',
    bc: 'BC',
    nh: 'NH NongHyup',
  },
  submit: {
    billing_key: 'Save card',
    payment: 'Pay',
    billing_key_and_payment: 'Save card and pay',
  },
  processing: 'Processing…',
  retry: 'Try again',
  success: {
    billing_key: 'Your card has been saved.',
    payment: 'Your payment is complete.',
    billing_key_and_payment: 'Your card has been saved and your payment is complete.',
  },
  errors: {
    INVALID_REQUEST: 'Please check your card details.',
    TOKEN_INVALID: 'This form is not valid. Please reload the page.',
    TOKEN_EXPIRED: 'This form has expired. Please reload the page.',
    TOKEN_ALREADY_USED: 'This request has already been completed.',
    ATTEMPTS_EXCEEDED: 'Too many attempts. Please start again.',
    CARD_DECLINED: 'Your card was declined. Please try another card.',
    PG_ERROR: 'The card company could not process the request.',
    PG_NOT_SUPPORTED: 'This payment method is not available. Please contact the merchant.',
    RATE_LIMITED: 'Too many requests. Please wait a moment and try again.',
    UPSTREAM_UNAVAILABLE:
      'The payment service is temporarily unavailable. Please try again shortly.',
    OUTCOME_UNKNOWN:
      'We could not confirm the result. To avoid a double charge, please check again in a moment.',
    STORE_UNAVAILABLE: 'The service is briefly unavailable. Please try again in a moment.',
    CUSTOMER_IN_DOUBT:
      'Your previous card registration is still being confirmed. Please try again in a moment.',
    MERCHANT_UID_CONFLICT: 'This order was already started with other details. Please start again.',
    IDEMPOTENCY_KEY_REUSED: 'This request was already made with other details. Please start again.',
    // Refunds are merchant-API only: a customer never meets them, the generic text suffices.
    NOT_FOUND: 'Something went wrong. Please try again shortly.',
    UNAUTHORIZED: 'Something went wrong. Please try again shortly.',
    FORBIDDEN: 'This form is not available to you. Please contact the merchant.',
    PAYLOAD_TOO_LARGE: 'Something went wrong. Please try again shortly.',
    INTERNAL_ERROR: 'Something went wrong. Please try again shortly.',
    NETWORK_ERROR: 'Could not reach the server. Check your connection and try again.',
    MISCONFIGURED: 'This form is not available right now.',
    FRAME_BLOCKED: 'The card form could not be loaded. Please try again shortly.',
  },
  fixFields: { one: 'Please check {count} field.', other: 'Please check {count} fields.' },
  pgReason: 'Card company: {reason}',
  amount: '₩{amount}',
};
