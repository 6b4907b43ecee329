import { randomUUID } from 'node:crypto';
import type { CardProfile } from '../card-rules.ts';
import { markFailed, markPaid, newPayment } from '../payment-record.ts';
import type { SandboxDeps } from '../sandbox-deps.ts';
import type { StoredPayment } from '../sandbox-state.ts';
import type { CardBehaviour, SandboxPortOneWebhookBody } from '../types.ts';
import { scriptedRefusal } from './card-credential.ts';
import { DEFAULT_PORTONE_STORE_ID } from './portone-defaults.ts';
import type { PortOneChannel } from './portone-channels.ts';
import { PortOneApiError } from './portone-error.ts';
import type { PortOneCustomer, V2PaymentExtras } from './stored-records.ts';

export interface PortOneChargeInput {
  paymentId: string;
  via: 'instant' | 'billing-key';
  channel: PortOneChannel;
  card: Pick<CardProfile, 'masked' | 'cardCode' | 'cardName' | 'cardType'>;
  behaviour: CardBehaviour;
  orderName: string;
  amount: { total: number; taxFree?: number | undefined; vat?: number | undefined };
  currency: string;
  installmentMonth: number;
  customer: PortOneCustomer;
  customData: string | undefined;
  billingKey: string | undefined;
  userAgent: string | null;
  webhook: WebhookRequest;
}

/** Where a request's webhooks go: its `noticeUrls`, else the sandbox's V2 URL; none with skipWebhook. */
export interface WebhookRequest {
  noticeUrls?: string[] | undefined;
  skipWebhook?: boolean | undefined;
}

/** One paid payment per paymentId, whichever API paid it. */
export function assertNotPaidV2(deps: SandboxDeps, paymentId: string): void {
  if (deps.state.wasPaid(paymentId)) {
    throw new PortOneApiError('ALREADY_PAID', '이미 결제가 완료된 paymentId입니다.');
  }
}

/** Domestic PGs settle in won only. */
export function checkAmount(amount: PortOneChargeInput['amount'], currency: string): void {
  if (currency !== 'KRW') {
    throw new PortOneApiError('INVALID_REQUEST', '국내 PG 채널은 KRW 결제만 지원합니다.');
  }
  if ((amount.taxFree ?? 0) > amount.total) {
    throw new PortOneApiError('INVALID_REQUEST', 'amount.taxFree가 amount.total보다 큽니다.');
  }
}

/**
 * Runs one approval at the emulated PG and records the attempt in the ledger whatever the
 * outcome. A refusal (decline, PG error, expired card, installments under 50,000 won) is a FAILED
 * payment, a Transaction.Failed webhook and a 502 PG_PROVIDER answer: V2 has no "200 but failed".
 */
export function chargeV2(deps: SandboxDeps, input: PortOneChargeInput): StoredPayment {
  const now = deps.nowSeconds();
  const payment = newPayment({
    impUid: randomUUID(),
    merchantUid: input.paymentId,
    amount: input.amount.total,
    name: input.orderName,
    currency: input.currency,
    channel: {
      provider: input.channel.pgProvider.toLowerCase(),
      pgId: input.channel.pgMerchantId,
      standaloneBillingKey: true,
      flows: {},
    },
    card: input.card,
    cardQuota: input.installmentMonth,
    buyer: {
      buyer_name: input.customer.name ?? null,
      buyer_email: input.customer.email ?? null,
      buyer_tel: input.customer.phoneNumber ?? null,
      buyer_addr: null,
      buyer_postcode: input.customer.zipcode ?? null,
    },
    customData: input.customData ?? null,
    userAgent: input.userAgent,
    customerUid: null,
    customerUidUsage: null,
    nowSeconds: now,
  });
  const extras: V2PaymentExtras = {
    channel: input.channel,
    customer: input.customer,
    billingKey: input.billingKey,
    taxFree: input.amount.taxFree ?? 0,
    vat: input.amount.vat,
    installmentMonth: input.installmentMonth,
    failure: undefined,
    cancelParts: new Map(),
  };
  const refusal = refusalOf(input);
  if (refusal !== null) {
    const error = scriptedRefusal(refusal);
    markFailed(payment, now, error.pg?.message ?? error.message);
    extras.failure = { pgCode: error.pg?.code ?? '', pgMessage: error.pg?.message ?? '' };
    const outcome = refusal === 'declined' ? 'declined' : 'pg_error';
    const stored = deps.state.addV2Payment(payment, outcome, input.via, extras);
    notifyPayment(deps, stored, 'Transaction.Failed', input.webhook);
    throw error;
  }
  markPaid(payment, now);
  const stored = deps.state.addV2Payment(payment, 'paid', input.via, extras);
  notifyPayment(deps, stored, 'Transaction.Paid', input.webhook);
  return stored;
}

function refusalOf(
  input: PortOneChargeInput,
): 'declined' | 'pgError' | 'expired' | 'quotaUnderMinimum' | null {
  if (input.behaviour === 'pg_error') return 'pgError';
  if (input.behaviour === 'expired') return 'expired';
  if (input.installmentMonth >= 2 && input.amount.total < 50_000) return 'quotaUnderMinimum';
  if (input.behaviour === 'decline') return 'declined';
  return null;
}

/** A `Transaction.*` webhook for a payment (and one of its cancellations). */
export function notifyPayment(
  deps: SandboxDeps,
  stored: StoredPayment,
  type: Extract<SandboxPortOneWebhookBody['type'], `Transaction.${string}`>,
  request: WebhookRequest,
  cancellationId?: string,
): void {
  sendPortOneWebhook(deps, request, type, {
    paymentId: stored.payment.merchant_uid,
    storeId: DEFAULT_PORTONE_STORE_ID,
    transactionId: stored.payment.imp_uid,
    ...(cancellationId === undefined ? {} : { cancellationId }),
  });
}

/** Sends a V2 webhook, signed with every configured secret, to each target of the request. */
export function sendPortOneWebhook(
  deps: SandboxDeps,
  request: WebhookRequest,
  type: SandboxPortOneWebhookBody['type'],
  data: Omit<SandboxPortOneWebhookBody['data'], 'storeId'> & { storeId: string },
): void {
  if (request.skipWebhook === true) return;
  const urls =
    request.noticeUrls !== undefined && request.noticeUrls.length > 0
      ? request.noticeUrls
      : deps.portone.webhookUrl === undefined
        ? []
        : [deps.portone.webhookUrl];
  const body: SandboxPortOneWebhookBody = {
    type,
    timestamp: new Date(deps.nowMs()).toISOString(),
    data,
  };
  for (const url of urls) deps.webhooks.sendSigned(url, body, deps.portone.webhookSecrets);
}
