import type * as v from 'valibot';
import type { CallShape } from './classify-outcome.ts';
import type {
  AgainPaymentInput,
  CancelPaymentInput,
  IssueBillingKeyInput,
  OnetimePaymentInput,
} from './inputs.ts';
import { cardSecrets } from './redact.ts';
import {
  ImpCustomerListSchema,
  ImpCustomerSchema,
  ImpPaymentPageSchema,
  ImpPaymentSchema,
  ImpPgSettingListSchema,
  ImpTokenSchema,
} from './schemas.ts';
import type { UpstreamRequest } from './transport.ts';

/** One i'mport call: what is sent, and how classify-outcome.ts reads its answer. */
export type Endpoint = Omit<UpstreamRequest, 'token' | 'context'> & CallShape<v.GenericSchema>;

/**
 * An id as one path segment of i'mport's URL, percent-encoded (`a/b` stays one segment). An empty
 * id, `.` and `..` cannot be one: a URL resolves dot segments away (`/payments/find/..` is
 * `/payments`, and `%2e%2e` likewise), so the call would reach another resource. Thrown before
 * anything is sent, also for a payment or cancel whose id is only looked up afterwards.
 */
function segment(id: string): string {
  if (id === '' || id === '.' || id === '..') {
    throw new TypeError(`"${id}" cannot be an i'mport id: it would not stay one URL path segment`);
  }
  return encodeURIComponent(id);
}

const path = (base: string, id: string): string => `/${base}/${segment(id)}`;

/**
 * An id sent in a body that a lost answer is then looked up by, in a URL: refused like one before
 * the call is sent, since a payment that cannot be looked up could not be reconciled.
 */
function lookedUpBy(id: string): string {
  segment(id);
  return id;
}

const keyIn = <T extends { card_number: string }>(input: T) =>
  compactBody({ ...input, card_number: formatCardNumber(input.card_number) });

/**
 * Every call the client makes. An unknown billing key is answered two ways: 404 in i'mport's
 * OpenAPI document (portone-io/developers.portone.io, `src/schema/v1.openapi.json`), 200 + code 1
 * by the live API in the official Python client's tests (iamport/iamport-rest-client-python,
 * `tests/test_customer_get.py`); the multi lookup answers 207 when only some keys are known.
 */
export const endpoints = {
  getToken: (impKey: string, impSecret: string) =>
    ({
      method: 'POST',
      path: '/users/getToken',
      json: { imp_key: impKey, imp_secret: impSecret },
      what: 'getToken',
      // i'mport hands out the same token again, so it may be retried like a read.
      changesState: false,
      schema: ImpTokenSchema,
      credentials: true,
    }) as const,

  listPgSettings: () =>
    ({
      method: 'GET',
      path: '/users/pg',
      what: 'PG channels',
      changesState: false,
      schema: ImpPgSettingListSchema,
    }) as const,

  issueBillingKey: (customerUid: string, input: IssueBillingKeyInput) =>
    ({
      method: 'POST',
      path: path('subscribe/customers', customerUid),
      json: keyIn(input),
      what: `billing key ${customerUid}`,
      changesState: true,
      schema: ImpCustomerSchema,
      secrets: cardSecrets(input),
    }) as const,

  getBillingKey: (customerUid: string) =>
    ({
      method: 'GET',
      path: path('subscribe/customers', customerUid),
      what: `billing key ${customerUid}`,
      changesState: false,
      schema: ImpCustomerSchema,
      notFound: { code: 1 },
    }) as const,

  getBillingKeys: (customerUids: readonly string[]) => {
    const searchParams = new URLSearchParams();
    for (const uid of customerUids) searchParams.append('customer_uid[]', uid);
    return {
      method: 'GET',
      path: '/subscribe/customers',
      searchParams,
      what: 'billing keys',
      changesState: false,
      schema: ImpCustomerListSchema,
      notFound: {},
      partial: true,
    } as const;
  },

  deleteBillingKey: (customerUid: string, reason: string | undefined) =>
    ({
      method: 'DELETE',
      path: path('subscribe/customers', customerUid),
      searchParams: new URLSearchParams(reason === undefined ? {} : { reason }),
      what: `delete billing key ${customerUid}`,
      changesState: true,
      schema: ImpCustomerSchema,
      notFound: { code: 1 },
    }) as const,

  payOnetime: (input: OnetimePaymentInput) =>
    ({
      method: 'POST',
      path: '/subscribe/payments/onetime',
      json: keyIn(input),
      what: `payment ${lookedUpBy(input.merchant_uid)}`,
      changesState: true,
      schema: ImpPaymentSchema,
      secrets: cardSecrets(input),
    }) as const,

  payAgain: (input: AgainPaymentInput) =>
    ({
      method: 'POST',
      path: '/subscribe/payments/again',
      json: compactBody(input),
      what: `payment ${lookedUpBy(input.merchant_uid)}`,
      changesState: true,
      schema: ImpPaymentSchema,
      secrets: [] as readonly string[],
    }) as const,

  getPayment: (impUid: string, includeSandbox: boolean) =>
    ({
      method: 'GET',
      path: path('payments', impUid),
      searchParams: includeSandbox ? new URLSearchParams({ include_sandbox: 'true' }) : undefined,
      what: `payment ${impUid}`,
      changesState: false,
      schema: ImpPaymentSchema,
      notFound: {},
    }) as const,

  findPayment: (merchantUid: string) =>
    ({
      method: 'GET',
      path: path('payments/find', merchantUid),
      what: `payment ${merchantUid}`,
      changesState: false,
      schema: ImpPaymentSchema,
      notFound: {},
    }) as const,

  findAllPayments: (merchantUid: string, page: number) =>
    ({
      method: 'GET',
      path: path('payments/findAll', merchantUid),
      searchParams: new URLSearchParams({ page: String(page) }),
      what: `payments ${merchantUid}`,
      changesState: false,
      schema: ImpPaymentPageSchema,
      notFound: {},
    }) as const,

  cancelPayment: (input: CancelPaymentInput) =>
    ({
      method: 'POST',
      path: '/payments/cancel',
      json: compactBody(input),
      what: `cancel ${lookedUpBy(input.imp_uid ?? input.merchant_uid ?? '(no id)')}`,
      changesState: true,
      schema: ImpPaymentSchema,
    }) as const,
} satisfies Record<string, (...args: never[]) => Endpoint>;

/**
 * Copies a request body without `undefined` and `null` members (recursively), so i'mport never
 * sees `"birth": null` where a PG would read it as an empty value.
 */
function compactBody<T extends object>(body: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    out[key] =
      typeof value === 'object' && !Array.isArray(value) ? compactBody(value as object) : value;
  }
  return out;
}

/**
 * i'mport documents card numbers as `dddd-dddd-dddd-dddd`; 15-digit Amex uses 4-6-5 and 14-digit
 * Diners 4-6-4 as printed on the card. Separators in the input are ignored.
 */
function formatCardNumber(input: string): string {
  const digits = input.replace(/\D/g, '');
  const groups =
    digits.length === 15 ? [4, 6, 5] : digits.length === 14 ? [4, 6, 4] : [4, 4, 4, 4, 3];
  const parts: string[] = [];
  let at = 0;
  for (const size of groups) {
    if (at >= digits.length) break;
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) parts.push(digits.slice(at));
  return parts.join('-');
}
