import type {
  CardCredentials,
  PayOptions,
  Upstream,
  UpstreamBillingKey,
  UpstreamClock,
  UpstreamPayment,
} from '../upstream/upstream.ts';
import type { IamportClient } from './client.ts';
import type { CardInput } from './inputs.ts';
import type { ImpCustomer, ImpPayment } from './schemas.ts';

/** An i'mport payment in the upstream's words. */
export function upstreamPaymentOf(payment: ImpPayment): UpstreamPayment {
  return {
    paymentId: payment.merchant_uid,
    transactionId: payment.imp_uid,
    status: payment.status,
    statusRaw: payment.status_raw,
    amount: payment.amount,
    currency: payment.currency,
    cancelledAmount: payment.cancel_amount,
    cancellations: payment.cancel_history?.map((entry) => ({
      amount: entry.amount,
      reason: entry.reason,
      id: entry.cancellation_id,
    })),
    paidAt: payment.paid_at,
    startedAt: payment.started_at,
    customerId: payment.customer_uid ?? null,
    cardName: payment.card_name ?? null,
    cardNumber: payment.card_number ?? null,
    receiptUrl: payment.receipt_url ?? null,
    pgProvider: payment.pg_provider ?? null,
    failReason: payment.fail_reason ?? null,
  };
}

/** An i'mport customer (a billing key under its customer_uid) in the upstream's words. */
export function upstreamBillingKeyOf(customer: ImpCustomer): UpstreamBillingKey {
  return {
    customerId: customer.customer_uid,
    billingKey: customer.customer_uid,
    cardName: customer.card_name ?? null,
    cardNumber: customer.card_number ?? null,
    pgProvider: customer.pg_provider ?? null,
    updatedAt: customer.updated,
  };
}

const cardInput = (card: CardCredentials): CardInput => ({
  card_number: card.number,
  expiry: card.expiry,
  birth: card.birth,
  pwd_2digit: card.passwordTwoDigits,
});

const knownFailed = (options: PayOptions | undefined) =>
  options?.knownFailedTransactionIds
    ? { knownFailedImpUids: options.knownFailedTransactionIds }
    : {};

const orNull = <T, U>(value: T | null, map: (v: T) => U): U | null =>
  value === null ? null : map(value);

/**
 * The i'mport client as the payment rules' {@link Upstream}. Nothing is decided here: the client
 * classifies, reconciles and judges; this only translates names. V1's billing key is the
 * customer_uid itself (issue is an upsert under it), and its currency defaults to KRW.
 */
export function iamportUpstream(
  client: IamportClient & { readonly clock?: UpstreamClock | undefined },
): Upstream {
  const currencyOf = (currency: string) => (currency === 'KRW' ? undefined : currency);
  return {
    version: 'v1',
    get clock() {
      return client.clock;
    },

    async issueBillingKey(request, context) {
      const customer = await client.issueBillingKey(
        request.customerId,
        {
          ...cardInput(request.card),
          pg: request.channel,
          customer_name: request.buyer?.name,
          customer_email: request.buyer?.email,
          customer_tel: request.buyer?.tel,
        },
        context,
      );
      return upstreamBillingKeyOf(customer);
    },

    getBillingKey: async (customerId, context) =>
      orNull(await client.getBillingKey(customerId, context), upstreamBillingKeyOf),

    deleteBillingKey: async (customerId, context) =>
      orNull(await client.deleteBillingKey(customerId, undefined, context), upstreamBillingKeyOf),

    async payInstant(request, options, context) {
      const payment = await client.payOnetime(
        {
          ...cardInput(request.card),
          merchant_uid: request.paymentId,
          amount: request.amount.total,
          currency: currencyOf(request.amount.currency),
          name: request.orderName,
          pg: request.channel,
          customer_uid: request.storeFor,
          buyer_name: request.buyer?.name,
          buyer_email: request.buyer?.email,
          buyer_tel: request.buyer?.tel,
          card_quota: request.installmentMonths,
          custom_data: request.customData,
          notice_url: request.noticeUrl,
          browser_ip: request.browserIp,
        },
        knownFailed(options),
        context,
      );
      return upstreamPaymentOf(payment);
    },

    async payWithBillingKey(request, options, context) {
      const payment = await client.payAgain(
        {
          customer_uid: request.customerId,
          merchant_uid: request.paymentId,
          amount: request.amount.total,
          currency: currencyOf(request.amount.currency),
          name: request.orderName,
          pg: request.channel,
          buyer_name: request.buyer?.name,
          buyer_email: request.buyer?.email,
          buyer_tel: request.buyer?.tel,
          card_quota: request.installmentMonths,
          custom_data: request.customData,
          notice_url: request.noticeUrl,
        },
        knownFailed(options),
        context,
      );
      return upstreamPaymentOf(payment);
    },

    async getPayment(ref, context) {
      const payment =
        ref.transactionId !== undefined
          ? await client.getPayment(ref.transactionId, context)
          : await client.findPayment(ref.paymentId ?? '', context);
      return orNull(payment, upstreamPaymentOf);
    },

    async cancelPayment(request, context) {
      const payment = await client.cancelPayment(
        {
          imp_uid: request.payment.transactionId,
          merchant_uid:
            request.payment.transactionId === undefined ? request.payment.paymentId : undefined,
          amount: request.amount,
          checksum: request.checksum,
          reason: request.reason,
          tax_free: request.taxFree,
          vat_amount: request.vat,
        },
        context,
      );
      return upstreamPaymentOf(payment);
    },

    ensureReady: (context) => client.ensureToken(context),
  };
}
