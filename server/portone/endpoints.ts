import type * as v from 'valibot';
import type { UpstreamRequest } from '../iamport/transport.ts';
import type { PortOneCallShape } from './classify-outcome.ts';
import {
  credentialSecrets,
  type PortOneBillingKeyPaymentInput,
  type PortOneCancelInput,
  type PortOneInstantPaymentInput,
  type PortOneIssueBillingKeyInput,
} from './inputs.ts';
import {
  BillingKeyInfosResponseSchema,
  CancelPaymentResponseSchema,
  DeleteBillingKeyResponseSchema,
  IssueBillingKeyResponseSchema,
  PayResponseSchema,
  PortOneBillingKeyInfoSchema,
  PortOnePaymentSchema,
} from './schemas.ts';

/** One V2 call: what is sent, and how classify-outcome.ts reads its answer. */
export type PortOneEndpoint = Omit<UpstreamRequest, 'token' | 'context' | 'headers'> &
  PortOneCallShape<v.GenericSchema>;

/** An id as one URL path segment: `.`, `..` and empty would leave it (endpoints.ts of V1 alike). */
function segment(id: string): string {
  if (id === '' || id === '.' || id === '..') {
    throw new TypeError(`"${id}" cannot be a PortOne id: it would not stay one URL path segment`);
  }
  return encodeURIComponent(id);
}

/** Strict in what it sends: undefined and null go, recursively (V2 refuses unknown nulls). */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== undefined && field !== null) out[key] = compact(field);
  }
  return out as T;
}

const query = (fields: Record<string, string | undefined>): URLSearchParams | undefined => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields))
    if (value !== undefined) params.set(key, value);
  return params.toString() === '' ? undefined : params;
};

/** Page size of `GET /billing-keys`: a customer has a handful of keys. */
export const BILLING_KEYS_PAGE_SIZE = 100;

/**
 * Every V2 call the client makes (PortOne's OpenAPI document, operations `issueBillingKey`,
 * `payInstantly`, `payWithBillingKey`, `getPayment`, `getBillingKeyInfo`, `getBillingKeyInfos`,
 * `deleteBillingKey`, `cancelPayment`). A billing key is a credential: it is never logged
 * (`logPath`) nor named in a message.
 */
export function portOneEndpoints(storeId: string | undefined) {
  const withStore = <T extends object>(body: T) => compact({ ...body, storeId });
  return {
    issueBillingKey: (input: PortOneIssueBillingKeyInput) =>
      ({
        method: 'POST',
        path: '/billing-keys',
        json: withStore({
          channelKey: input.channelKey,
          customer: input.customer,
          customData: input.customData,
          noticeUrls: input.noticeUrls,
          method: { card: { credential: input.credential } },
        }),
        what: `billing key for ${input.customer?.id ?? 'a customer'}`,
        changesState: true,
        schema: IssueBillingKeyResponseSchema,
        declines: true,
        secrets: credentialSecrets(input.credential),
      }) as const,

    payInstantly: (paymentId: string, input: PortOneInstantPaymentInput) =>
      ({
        method: 'POST',
        path: `/payments/${segment(paymentId)}/instant`,
        json: withStore({
          channelKey: input.channelKey,
          orderName: input.orderName,
          amount: input.amount,
          currency: input.currency,
          customer: input.customer,
          customData: input.customData,
          noticeUrls: input.noticeUrls,
          method: {
            card: { credential: input.credential, installmentMonth: input.installmentMonth },
          },
        }),
        what: `payment ${paymentId}`,
        changesState: true,
        schema: PayResponseSchema,
        declines: true,
        secrets: credentialSecrets(input.credential),
      }) as const,

    payWithBillingKey: (paymentId: string, input: PortOneBillingKeyPaymentInput) =>
      ({
        method: 'POST',
        path: `/payments/${segment(paymentId)}/billing-key`,
        json: withStore({ ...input }),
        what: `payment ${paymentId}`,
        changesState: true,
        schema: PayResponseSchema,
        declines: true,
        secrets: [input.billingKey],
      }) as const,

    getPayment: (paymentId: string) =>
      ({
        method: 'GET',
        path: `/payments/${segment(paymentId)}`,
        searchParams: query({ storeId }),
        what: `payment ${paymentId}`,
        changesState: false,
        schema: PortOnePaymentSchema,
        notFound: ['PAYMENT_NOT_FOUND'],
      }) as const,

    getBillingKey: (billingKey: string) =>
      ({
        method: 'GET',
        path: `/billing-keys/${segment(billingKey)}`,
        logPath: '/billing-keys/{billingKey}',
        searchParams: query({ storeId }),
        what: 'billing key lookup',
        changesState: false,
        schema: PortOneBillingKeyInfoSchema,
        notFound: ['BILLING_KEY_NOT_FOUND'],
      }) as const,

    // A GET with a body: V2 takes it as the URL-encoded `requestBody` parameter.
    listBillingKeys: (filter: { customerId: string; status?: string[] | undefined }, page = 0) =>
      ({
        method: 'GET',
        path: '/billing-keys',
        searchParams: query({
          requestBody: JSON.stringify(
            compact({
              page: { number: page, size: BILLING_KEYS_PAGE_SIZE },
              filter: { ...filter, storeId },
            }),
          ),
        }),
        what: `billing keys of ${filter.customerId}`,
        changesState: false,
        schema: BillingKeyInfosResponseSchema,
      }) as const,

    // Not found, never issued or already deleted: in each case no key is left to delete.
    deleteBillingKey: (billingKey: string, reason: string | undefined) =>
      ({
        method: 'DELETE',
        path: `/billing-keys/${segment(billingKey)}`,
        logPath: '/billing-keys/{billingKey}',
        searchParams: query({ storeId, reason }),
        what: 'billing key deletion',
        changesState: true,
        schema: DeleteBillingKeyResponseSchema,
        notFound: [
          'BILLING_KEY_NOT_FOUND',
          'BILLING_KEY_NOT_ISSUED',
          'BILLING_KEY_ALREADY_DELETED',
        ],
      }) as const,

    cancelPayment: (paymentId: string, input: PortOneCancelInput) =>
      ({
        method: 'POST',
        path: `/payments/${segment(paymentId)}/cancel`,
        json: withStore({ ...input }),
        what: `cancel ${paymentId}`,
        changesState: true,
        schema: CancelPaymentResponseSchema,
      }) as const,
  };
}
