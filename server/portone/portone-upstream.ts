import { redactCardLike } from '../iamport/redact.ts';
import type { BillingKeyDirectory } from '../upstream/billing-key-directory.ts';
import type {
  CardCredentials,
  IssueBillingKeyRequest,
  Upstream,
  UpstreamBillingKey,
  UpstreamBuyer,
  UpstreamCallContext,
  UpstreamPayment,
  UpstreamPaymentStatus,
} from '../upstream/upstream.ts';
import { UpstreamError, isUpstreamError } from '../upstream/upstream-error.ts';
import type { PortOneClient, PortOneIssuedKey } from './client.ts';
import { credentialOf, type PortOneCustomerInput } from './inputs.ts';
import { secondsOf, type PortOneBillingKeyInfo, type PortOnePayment } from './schemas.ts';

/** Options of {@link portOneUpstream}. */
export interface PortOneUpstreamOptions {
  /** customer id → billing key; a miss is rebuilt from PortOne's list of the customer's keys. */
  directory: BillingKeyDirectory;
  /** The channel key for a V1-style `pg` (absent: the default). @default () => undefined */
  channelKeyOf?: ((pg: string | undefined) => string | undefined) | undefined;
  /** V2 requires an order name; a key-in payment whose token names none gets this. */
  defaultOrderName?: string | undefined;
  /** Told of a replaced key that could not be deleted (it stays at PortOne until deleted). */
  onOrphanKey?: ((customerId: string, error: unknown) => void) | undefined;
}

const STATUS: Record<string, UpstreamPaymentStatus> = {
  PAID: 'paid',
  // A partial refund keeps V1's "paid": the refund rules read the balance, not the status.
  PARTIAL_CANCELLED: 'paid',
  CANCELLED: 'cancelled',
  FAILED: 'failed',
  READY: 'ready',
  PAY_PENDING: 'ready',
  VIRTUAL_ACCOUNT_ISSUED: 'ready',
};

/** A V2 payment in the upstream's words. */
export function upstreamPaymentOfV2(payment: PortOnePayment): UpstreamPayment {
  const card = payment.method?.card;
  const failure = payment.failure?.pgMessage ?? payment.failure?.reason;
  return {
    paymentId: payment.id,
    transactionId: payment.transactionId,
    status: STATUS[payment.statusRaw] ?? 'unrecognised',
    statusRaw: payment.statusRaw,
    amount: payment.amount.total,
    currency: payment.currency ?? 'KRW',
    cancelledAmount: payment.amount.cancelled ?? 0,
    // V2 lists a payment's cancellations whenever it has any; only the ones that took effect count.
    cancellations: (payment.cancellations ?? [])
      .filter((c) => c.status === 'SUCCEEDED')
      .map((c) => ({ amount: c.totalAmount ?? 0, reason: c.reason, id: c.id })),
    paidAt: secondsOf(payment.paidAt),
    startedAt: secondsOf(payment.requestedAt),
    customerId: payment.customer?.id ?? null,
    // V2 names the card product, not the issuer (V1's card_name): the best there is.
    cardName: card?.name ?? null,
    cardNumber: card?.number ?? null,
    receiptUrl: payment.receiptUrl ?? null,
    pgProvider: payment.channel?.pgProvider ?? null,
    failReason: failure ? redactCardLike(failure) : null,
  };
}

function keyOfInfo(customerId: string, info: PortOneBillingKeyInfo): UpstreamBillingKey {
  const card = info.methods?.find((m) => m.card)?.card;
  return {
    customerId,
    billingKey: info.billingKey,
    cardName: card?.name ?? null,
    cardNumber: card?.number ?? null,
    pgProvider: info.channels?.[0]?.pgProvider ?? null,
    updatedAt: secondsOf(info.issuedAt),
  };
}

/** The card just sent, masked here: the issue answer names none. */
const maskedOf = (card: CardCredentials): string => {
  const digits = card.number.replace(/\D/g, '');
  return `${digits.slice(0, 6)}${'*'.repeat(Math.max(0, digits.length - 10))}${digits.slice(-4)}`;
};

function customerOf(
  id: string | undefined,
  buyer: UpstreamBuyer | undefined,
): PortOneCustomerInput {
  return {
    id,
    name: buyer?.name ? { full: buyer.name } : undefined,
    email: buyer?.email,
    phoneNumber: buyer?.tel,
  };
}

/**
 * The PortOne V2 client as the payment rules' {@link Upstream}. V2 differs from V1 where the
 * interface says so: it issues the billing key itself (kept per customer in `directory`, the old
 * key deleted once the new one is kept), and a key-in payment that stores the card is two calls
 * (issue, then charge the new key; a charge that fails deletes the new key and keeps the old).
 */
export function portOneUpstream(client: PortOneClient, options: PortOneUpstreamOptions): Upstream {
  const { directory } = options;
  const channelKeyOf = options.channelKeyOf ?? (() => undefined);

  /**
   * The customer's key: the directory's, else rebuilt from PortOne (the newest key still issued
   * under the customer id: a replaced one is deleted, or at worst older) and kept again.
   */
  async function keyOf(customerId: string, context?: UpstreamCallContext): Promise<string | null> {
    const kept = await directory.get(customerId);
    if (kept !== null) return kept;
    const issued = await client.listBillingKeys({ customerId, status: ['ISSUED'] }, context);
    const newest = issued.sort((a, b) => secondsOf(b.issuedAt) - secondsOf(a.issuedAt))[0];
    if (!newest) return null;
    await directory.set(customerId, newest.billingKey);
    return newest.billingKey;
  }

  async function deleteQuietly(
    customerId: string,
    billingKey: string,
    context?: UpstreamCallContext,
  ) {
    try {
      await client.deleteBillingKey(billingKey, 'replaced by a new card', context);
    } catch (error) {
      options.onOrphanKey?.(customerId, error);
    }
  }

  async function issue(
    customerId: string,
    request: Pick<IssueBillingKeyRequest, 'card' | 'channel' | 'buyer' | 'attempt'>,
    context?: UpstreamCallContext,
  ): Promise<PortOneIssuedKey> {
    return client.issueBillingKey(
      {
        credential: credentialOf(request.card),
        channelKey: channelKeyOf(request.channel),
        customer: customerOf(customerId, request.buyer),
      },
      { attempt: request.attempt },
      context,
    );
  }

  /** Keeps `issued` as the customer's key, then deletes the one it replaces. */
  async function keep(customerId: string, issued: string, context?: UpstreamCallContext) {
    const previous = await directory.get(customerId);
    await directory.set(customerId, issued);
    if (previous !== null && previous !== issued)
      await deleteQuietly(customerId, previous, context);
  }

  const getPayment = async (paymentId: string, context?: UpstreamCallContext) => {
    const payment = await client.getPayment(paymentId, context);
    return payment && upstreamPaymentOfV2(payment);
  };

  return {
    version: 'v2',
    clock: undefined,

    async issueBillingKey(request, context) {
      const issued = await issue(request.customerId, request, context);
      await keep(request.customerId, issued.billingKey, context);
      return {
        customerId: request.customerId,
        billingKey: issued.billingKey,
        cardName: issued.cardName,
        cardNumber: issued.cardNumber ?? maskedOf(request.card),
        pgProvider: issued.pgProvider,
        updatedAt: issued.issuedAt,
      };
    },

    async getBillingKey(customerId, context) {
      const billingKey = await keyOf(customerId, context);
      if (billingKey === null) return null;
      const info = await client.getBillingKey(billingKey, context);
      return info?.status === 'ISSUED' ? keyOfInfo(customerId, info) : null;
    },

    async deleteBillingKey(customerId, context) {
      const billingKey = await keyOf(customerId, context);
      if (billingKey === null) return null;
      const info = await client.getBillingKey(billingKey, context);
      const deleted = await client.deleteBillingKey(billingKey, undefined, context);
      await directory.delete(customerId);
      return deleted && info ? keyOfInfo(customerId, info) : null;
    },

    async payInstant(request, options_, context) {
      const orderName = request.orderName ?? options.defaultOrderName ?? request.paymentId;
      const fields = {
        orderName,
        amount: { total: request.amount.total },
        currency: request.amount.currency,
        channelKey: channelKeyOf(request.channel),
        customer: customerOf(request.storeFor, request.buyer),
        customData: request.customData,
        noticeUrls: request.noticeUrl ? [request.noticeUrl] : undefined,
      };
      const knownFailed = {
        knownFailedTransactionIds: options_?.knownFailedTransactionIds,
        attempt: request.attempt,
      };
      if (request.storeFor === undefined) {
        const paid = await client.payInstantly(
          request.paymentId,
          {
            ...fields,
            credential: credentialOf(request.card),
            installmentMonth: request.installmentMonths,
          },
          knownFailed,
          context,
        );
        return upstreamPaymentOfV2(paid);
      }
      // V2 has no issue-and-pay for card credentials: issue, charge the new key, then keep it.
      const customerId = request.storeFor;
      const issued = await issue(customerId, request, context);
      let paid: PortOnePayment;
      try {
        paid = await client.payWithBillingKey(
          request.paymentId,
          { ...fields, billingKey: issued.billingKey, installmentMonth: request.installmentMonths },
          knownFailed,
          context,
        );
      } catch (error) {
        // Refused: the card is not kept (the old one stays). In doubt: the new key may be charged
        // yet, so it stays at PortOne, not kept here; the customer is held in doubt meanwhile.
        if (isUpstreamError(error) && error.outcome === 'rejected') {
          await deleteQuietly(customerId, issued.billingKey, context);
        }
        throw error;
      }
      await keep(customerId, issued.billingKey, context);
      return upstreamPaymentOfV2(paid);
    },

    async payWithBillingKey(request, options_, context) {
      const billingKey = await keyOf(request.customerId, context);
      if (billingKey === null) {
        throw new UpstreamError(
          'UPSTREAM_REJECTED',
          `payment ${request.paymentId}: no billing key is kept for this customer`,
          { upstreamCode: 'BILLING_KEY_NOT_FOUND' },
        );
      }
      const paid = await client.payWithBillingKey(
        request.paymentId,
        {
          billingKey,
          orderName: request.orderName,
          amount: { total: request.amount.total },
          currency: request.amount.currency,
          channelKey: channelKeyOf(request.channel),
          customer: customerOf(request.customerId, request.buyer),
          installmentMonth: request.installmentMonths,
          customData: request.customData,
          noticeUrls: request.noticeUrl ? [request.noticeUrl] : undefined,
        },
        {
          knownFailedTransactionIds: options_?.knownFailedTransactionIds,
          attempt: request.attempt,
        },
        context,
      );
      return upstreamPaymentOfV2(paid);
    },

    async getPayment(ref, context) {
      // V2 reads a payment by our id only; its webhooks name it, and so does every record of ours.
      if (ref.paymentId === undefined) return null;
      return getPayment(ref.paymentId, context);
    },

    async cancelPayment(request, context) {
      const paymentId = request.payment.paymentId;
      if (paymentId === undefined) {
        throw new TypeError('PortOne V2 cancels a payment by its paymentId');
      }
      await client.cancelPayment(
        paymentId,
        {
          reason: request.reason,
          amount: request.amount,
          taxFreeAmount: request.taxFree,
          vatAmount: request.vat,
          currentCancellableAmount: request.checksum,
        },
        { attempt: request.attempt },
        context,
      );
      const payment = await getPayment(paymentId, context).catch(() => null);
      if (payment) return payment;
      throw new UpstreamError(
        'OUTCOME_UNKNOWN',
        `cancel ${paymentId}: cancelled, but the payment could not be read back`,
      );
    },

    ensureReady: (context) => client.ensureReady(context),
  };
}
