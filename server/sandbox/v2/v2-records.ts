import type { CardProfile } from '../card-rules.ts';
import type { StoredPayment } from '../sandbox-state.ts';
import type { ImpPayment } from '../types.ts';
import { DEFAULT_PORTONE_STORE_ID, SANDBOX_MERCHANT_ID } from './portone-defaults.ts';
import { selectedChannel } from './portone-channels.ts';
import type { CustomerInput } from './request-schemas.ts';
import type { PortOneCustomer, StoredBillingKey } from './stored-records.ts';

/** RFC 3339 of a unix-seconds or unix-ms time. */
export const rfc3339 = (ms: number): string => new Date(ms).toISOString();
const fromSeconds = (seconds: number): string => rfc3339(seconds * 1000);

export function customerOf(input: CustomerInput | undefined): PortOneCustomer {
  if (input === undefined) return {};
  const out: PortOneCustomer = {};
  const { separated, full } = input.name ?? {};
  const name = full ?? (separated ? `${separated.last}${separated.first}` : undefined);
  if (input.id !== undefined) out.id = input.id;
  if (name !== undefined) out.name = name;
  for (const key of [
    'birthYear',
    'birthMonth',
    'birthDay',
    'email',
    'phoneNumber',
    'zipcode',
  ] as const) {
    const value = input[key];
    if (value !== undefined) out[key] = value;
  }
  if (input.gender !== undefined) out.gender = input.gender;
  return out;
}

/** `Card`: BIN, brand, type and masked number of the card (issuer codes are i'mport's KFTC codes). */
function cardView(card: Pick<CardProfile, 'masked' | 'cardCode' | 'cardName' | 'cardType'>) {
  return {
    publisher: card.cardCode,
    issuer: card.cardCode,
    brand: brandOf(card.masked),
    type: card.cardType === 1 ? ('DEBIT' as const) : ('CREDIT' as const),
    ownerType: 'PERSONAL' as const,
    bin: card.masked.slice(0, 8),
    name: card.cardName,
    number: card.masked,
  };
}

function brandOf(masked: string): 'LOCAL' | 'MASTER' | 'VISA' | 'JCB' | 'AMEX' | 'DINERS' {
  if (masked.startsWith('4')) return 'VISA';
  if (/^(5[1-5]|2[2-7])/.test(masked)) return 'MASTER';
  if (/^3[47]/.test(masked)) return 'AMEX';
  if (masked.startsWith('35')) return 'JCB';
  if (/^3[068]/.test(masked)) return 'DINERS';
  return 'LOCAL';
}

/** `BillingKeyInfo` (ISSUED or DELETED). */
export function billingKeyInfo(key: StoredBillingKey) {
  const base = {
    status: key.deletedAt === undefined ? ('ISSUED' as const) : ('DELETED' as const),
    billingKey: key.billingKey,
    merchantId: SANDBOX_MERCHANT_ID,
    storeId: DEFAULT_PORTONE_STORE_ID,
    methods: [{ type: 'BillingKeyPaymentMethodCard', card: cardView(key.card) }],
    channels: [selectedChannel(key.channel)],
    customer: key.customer,
    ...(key.customData === undefined ? {} : { customData: key.customData }),
    requestedAt: rfc3339(key.issuedAt),
    issuedAt: rfc3339(key.issuedAt),
  };
  return key.deletedAt === undefined ? base : { ...base, deletedAt: rfc3339(key.deletedAt) };
}

/**
 * The payment a paymentId names: its paid attempt if it has one (only one can succeed), else
 * its latest attempt. V2 reads V1 payments too (`version: "V1"`, paymentId = merchant_uid).
 */
export function currentAttempt(ledger: readonly StoredPayment[]): StoredPayment | undefined {
  return ledger.find((p) => p.payment.paid_at > 0) ?? ledger.at(-1);
}

/** V2 `Payment` of a ledger record (either API's), by its V1-shaped fields plus the V2 extras. */
export function paymentView(stored: StoredPayment) {
  const p = stored.payment;
  const x = stored.v2;
  const taxFree = x?.taxFree ?? 0;
  const cancelledTaxFree = [...(x?.cancelParts.values() ?? [])].reduce((s, c) => s + c.taxFree, 0);
  const changes = [
    p.started_at,
    p.paid_at,
    p.failed_at,
    p.cancelled_at,
    ...p.cancel_history.map((h) => h.cancelled_at),
  ];
  const statusChangedAt = Math.max(...changes);
  const channel = x
    ? selectedChannel(x.channel)
    : // V1 pg codes upper-cased are V2's PgProvider values (NICE, KCP, HTML5_INICIS, …).
      { type: 'TEST' as const, pgProvider: p.pg_provider.toUpperCase(), pgMerchantId: p.pg_id };
  const vat = x?.vat ?? Math.round((p.amount - taxFree) / 11);
  const base = {
    id: p.merchant_uid,
    transactionId: p.imp_uid,
    merchantId: SANDBOX_MERCHANT_ID,
    storeId: DEFAULT_PORTONE_STORE_ID,
    method: {
      type: 'PaymentMethodCard' as const,
      card: cardView({
        masked: p.card_number,
        cardCode: p.card_code,
        cardName: p.card_name,
        cardType: p.card_type,
      }),
      ...(p.apply_num === '' ? {} : { approvalNumber: p.apply_num }),
      installment: { month: p.card_quota, isInterestFree: false },
      pointUsed: false,
    },
    channel,
    version: stored.version,
    ...(x?.billingKey === undefined ? {} : { billingKey: x.billingKey }),
    requestedAt: fromSeconds(p.started_at),
    updatedAt: fromSeconds(statusChangedAt),
    statusChangedAt: fromSeconds(statusChangedAt),
    orderName: p.name ?? '',
    amount: {
      total: p.amount,
      taxFree,
      vat,
      supply: p.amount - taxFree - vat,
      discount: 0,
      paid: p.paid_at > 0 ? p.amount : 0,
      cancelled: p.cancel_amount,
      cancelledTaxFree,
    },
    currency: p.currency,
    customer: x?.customer ?? v1Customer(p),
    origin: {
      platformType: 'API' as const,
      ipAddress: '127.0.0.1',
      ...(p.user_agent ? { userAgent: p.user_agent } : {}),
    },
    ...(p.custom_data === null ? {} : { customData: p.custom_data }),
  };
  if (p.status === 'failed') {
    const failure = x?.failure ?? { pgCode: 'PG_ERROR', pgMessage: p.fail_reason ?? '' };
    return {
      status: 'FAILED' as const,
      ...base,
      failedAt: fromSeconds(p.failed_at),
      failure: { reason: p.fail_reason ?? failure.pgMessage, ...failure },
    };
  }
  if (p.status === 'ready') return { status: 'READY' as const, ...base };
  const paid = {
    ...base,
    paidAt: fromSeconds(p.paid_at),
    pgTxId: p.pg_tid,
    ...(p.receipt_url === null ? {} : { receiptUrl: p.receipt_url }),
  };
  if (p.cancel_history.length === 0) return { status: 'PAID' as const, ...paid, disputes: [] };
  return {
    status: p.status === 'cancelled' ? ('CANCELLED' as const) : ('PARTIAL_CANCELLED' as const),
    ...paid,
    cancellations: p.cancel_history.map((h) => cancellationView(stored, h.cancellation_id)),
    cancelledAt: fromSeconds(p.cancel_history.at(-1)?.cancelled_at ?? p.cancelled_at),
  };
}

/** `SucceededPaymentCancellation` of one cancel-history entry. */
export function cancellationView(stored: StoredPayment, cancellationId: string) {
  const h = stored.payment.cancel_history.find((e) => e.cancellation_id === cancellationId);
  if (h === undefined) throw new Error(`no cancellation ${cancellationId}`);
  const parts = stored.v2?.cancelParts.get(cancellationId);
  const taxFree = parts?.taxFree ?? 0;
  return {
    status: 'SUCCEEDED' as const,
    id: h.cancellation_id,
    pgCancellationId: h.pg_tid,
    totalAmount: h.amount,
    taxFreeAmount: taxFree,
    vatAmount: parts?.vat ?? Math.round((h.amount - taxFree) / 11),
    reason: h.reason,
    cancelledAt: fromSeconds(h.cancelled_at),
    requestedAt: rfc3339(parts?.requestedAt ?? h.cancelled_at * 1000),
    receiptUrl: h.receipt_url,
    trigger: 'API' as const,
  };
}

function v1Customer(p: ImpPayment): PortOneCustomer {
  const out: PortOneCustomer = {};
  if (p.buyer_name !== null) out.name = p.buyer_name;
  if (p.buyer_email !== null) out.email = p.buyer_email;
  if (p.buyer_tel !== null) out.phoneNumber = p.buyer_tel;
  if (p.buyer_postcode !== null) out.zipcode = p.buyer_postcode;
  return out;
}
