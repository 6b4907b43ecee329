// Inputs use i'mport's own snake_case names, so the docs at developers.portone.io apply verbatim.
// Every optional field accepts `undefined`; the client drops undefined and null before sending.

/** Card fields shared by billing-key issue and key-in payment. Never logged. */
export interface CardInput {
  /** Digits with or without separators; sent as `dddd-dddd-dddd-dddd` (Amex 4-6-5, Diners 4-6-4). */
  card_number: string;
  /** `YYYY-MM`. */
  expiry: string;
  /** `YYMMDD`, or the 10-digit business registration number for corporate cards. */
  birth?: string | undefined;
  /** First two digits of the card password. */
  pwd_2digit?: string | undefined;
  /** Paymentwall only. */
  cvc?: string | undefined;
}

/** Body of `POST /subscribe/customers/{customer_uid}`. */
export interface IssueBillingKeyInput extends CardInput {
  pg?: string | undefined;
  channel_key?: string | undefined;
  customer_id?: string | undefined;
  customer_name?: string | undefined;
  customer_tel?: string | undefined;
  customer_email?: string | undefined;
  customer_addr?: string | undefined;
  customer_postcode?: string | undefined;
}

/** Optional fields shared by `onetime` and `again`. */
export interface PaymentExtras {
  pg?: string | undefined;
  currency?: string | undefined;
  tax_free?: number | undefined;
  vat_amount?: number | undefined;
  buyer_name?: string | undefined;
  buyer_email?: string | undefined;
  buyer_tel?: string | undefined;
  buyer_addr?: string | undefined;
  buyer_postcode?: string | undefined;
  card_quota?: number | undefined;
  interest_free_by_merchant?: boolean | undefined;
  use_card_point?: boolean | undefined;
  custom_data?: string | undefined;
  notice_url?: string | undefined;
  browser_ip?: string | undefined;
  product_type?: 'real' | 'digital' | undefined;
  promotion_id?: string | undefined;
  bypass?: string | undefined;
}

/** Body of `POST /subscribe/payments/onetime` (key-in payment, optionally storing the card). */
export interface OnetimePaymentInput extends CardInput, PaymentExtras {
  /** The dedupe key: i'mport accepts one paid payment per merchant_uid. */
  merchant_uid: string;
  amount: number;
  name?: string | undefined;
  /** When given, the card is also stored as a billing key under this uid. */
  customer_uid?: string | undefined;
  channelGroupId?: string | undefined;
}

/** Body of `POST /subscribe/payments/again` (charge a stored billing key). */
export interface AgainPaymentInput extends PaymentExtras {
  customer_uid: string;
  merchant_uid: string;
  amount: number;
  name: string;
  channel_key?: string | undefined;
  product_count?: number | undefined;
  cash_receipt_type?: 'person' | 'company' | 'anonymous' | undefined;
  extra?: { naverUseCfm?: string | undefined } | undefined;
}

/** Body of `POST /payments/cancel`; give `imp_uid` or `merchant_uid`. */
export interface CancelPaymentInput {
  imp_uid?: string | undefined;
  merchant_uid?: string | undefined;
  /** Omitted or 0: cancel the full remaining amount. */
  amount?: number | undefined;
  tax_free?: number | undefined;
  vat_amount?: number | undefined;
  /** The cancellable balance the caller believes remains before this cancel; a mismatch is refused. */
  checksum?: number | undefined;
  reason?: string | undefined;
  retain_promotion?: boolean | undefined;
  enable_webhook?: boolean | undefined;
  refund_holder?: string | undefined;
  refund_bank?: string | undefined;
  refund_account?: string | undefined;
  refund_tel?: string | undefined;
}
