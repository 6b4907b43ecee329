// The V2 classifier, rule by rule: every error type PortOne documents for the calls impcard makes,
// transport failures, typed and untyped 5xx, unknown types, and what an error may carry.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as v from 'valibot';
import { TransportFailure, type FailureKind, type UpstreamOutcome } from '../iamport/transport.ts';
import type { UpstreamErrorCode } from '../upstream/upstream-error.ts';
import {
  classifyPortOne,
  ERROR_TYPES,
  isPortOneAnswer,
  type PortOneCallShape,
} from './classify-outcome.ts';
import { portOneEndpoints } from './endpoints.ts';
import { credentialOf } from './inputs.ts';

/**
 * The error types of each operation and their `x-portone-status-code`, as PortOne's V2 OpenAPI
 * document (portone-io/developers.portone.io `src/schema/v2.openapi.json`, info.version 1.16.0)
 * lists them in each operation's error `oneOf`.
 */
const DOCUMENTED: Record<string, Record<string, number>> = {
  issueBillingKey: {
    CHANNEL_NOT_FOUND: 404,
    CHANNEL_SPECIFIC: 502,
    FORBIDDEN: 403,
    INVALID_REQUEST: 400,
    PG_PROVIDER: 502,
    UNAUTHORIZED: 401,
  },
  payInstantly: {
    ALREADY_PAID: 409,
    CHANNEL_NOT_FOUND: 404,
    DISCOUNT_AMOUNT_EXCEEDS_TOTAL_AMOUNT: 400,
    FORBIDDEN: 403,
    INVALID_REQUEST: 400,
    MAX_TRANSACTION_COUNT_REACHED: 400,
    PAYMENT_SCHEDULE_ALREADY_EXISTS: 409,
    PG_PROVIDER: 502,
    PROMOTION_PAY_METHOD_DOES_NOT_MATCH: 400,
    SUM_OF_PARTS_EXCEEDS_TOTAL_AMOUNT: 409,
    UNAUTHORIZED: 401,
  },
  payWithBillingKey: {
    ALREADY_PAID: 409,
    BILLING_KEY_ALREADY_DELETED: 409,
    BILLING_KEY_NOT_FOUND: 404,
    CHANNEL_NOT_FOUND: 404,
    DISCOUNT_AMOUNT_EXCEEDS_TOTAL_AMOUNT: 400,
    FORBIDDEN: 403,
    INVALID_REQUEST: 400,
    MAX_TRANSACTION_COUNT_REACHED: 400,
    PAYMENT_SCHEDULE_ALREADY_EXISTS: 409,
    PG_PROVIDER: 502,
    PROMOTION_PAY_METHOD_DOES_NOT_MATCH: 400,
    SUM_OF_PARTS_EXCEEDS_TOTAL_AMOUNT: 409,
    UNAUTHORIZED: 401,
  },
  getPayment: { FORBIDDEN: 403, INVALID_REQUEST: 400, PAYMENT_NOT_FOUND: 404, UNAUTHORIZED: 401 },
  getBillingKey: {
    BILLING_KEY_NOT_FOUND: 404,
    FORBIDDEN: 403,
    INVALID_REQUEST: 400,
    UNAUTHORIZED: 401,
  },
  listBillingKeys: { FORBIDDEN: 403, INVALID_REQUEST: 400, UNAUTHORIZED: 401 },
  deleteBillingKey: {
    BILLING_KEY_ALREADY_DELETED: 409,
    BILLING_KEY_NOT_FOUND: 404,
    BILLING_KEY_NOT_ISSUED: 404,
    CHANNEL_SPECIFIC: 502,
    FORBIDDEN: 403,
    INVALID_REQUEST: 400,
    PAYMENT_SCHEDULE_ALREADY_EXISTS: 409,
    PG_PROVIDER: 502,
    UNAUTHORIZED: 401,
  },
  cancelPayment: {
    CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN: 409,
    CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT: 409,
    CANCEL_TAX_AMOUNT_EXCEEDS_CANCELLABLE_TAX_AMOUNT: 409,
    CANCEL_TAX_FREE_AMOUNT_EXCEEDS_CANCELLABLE_TAX_FREE_AMOUNT: 409,
    FORBIDDEN: 403,
    INVALID_REQUEST: 400,
    MAX_CANCEL_COUNT_REACHED: 409,
    NEGATIVE_PROMOTION_ADJUSTED_CANCEL_AMOUNT: 400,
    PAYMENT_ALREADY_CANCELLED: 409,
    PAYMENT_NOT_FOUND: 404,
    PAYMENT_NOT_PAID: 409,
    PG_PROVIDER: 502,
    PROMOTION_DISCOUNT_RETAIN_OPTION_SHOULD_NOT_BE_CHANGED: 400,
    SUM_OF_PARTS_EXCEEDS_CANCEL_AMOUNT: 409,
    UNAUTHORIZED: 401,
  },
};

const CARD = credentialOf({ number: '4242-4242-4242-4242', expiry: '2030-12', birth: '880101' });
const endpoints = portOneEndpoints(undefined);
const CALLS: Record<string, PortOneCallShape<v.GenericSchema>> = {
  issueBillingKey: endpoints.issueBillingKey({ credential: CARD, customer: { id: 'c1' } }),
  payInstantly: endpoints.payInstantly('order1', {
    credential: CARD,
    orderName: 'Order',
    amount: { total: 1000 },
    currency: 'KRW',
  }),
  payWithBillingKey: endpoints.payWithBillingKey('order1', {
    billingKey: 'billing-key-secret',
    orderName: 'Order',
    amount: { total: 1000 },
    currency: 'KRW',
  }),
  getPayment: endpoints.getPayment('order1'),
  getBillingKey: endpoints.getBillingKey('billing-key-secret'),
  listBillingKeys: endpoints.listBillingKeys({ customerId: 'c1' }),
  deleteBillingKey: endpoints.deleteBillingKey('billing-key-secret', undefined),
  cancelPayment: endpoints.cancelPayment('order1', { reason: 'x' }),
};

const answer = (status: number, body?: unknown): UpstreamOutcome => ({
  status,
  unreadable: false,
  ...(body === undefined ? {} : { body }),
});
const failure = (kind: FailureKind, status?: number) =>
  new TransportFailure(kind, `failed (${kind})`, status);

type Expected = 'ok' | 'not-found' | ['rejected' | 'unavailable' | 'in-doubt', UpstreamErrorCode];

function verdictOf(outcome: UpstreamOutcome, call: PortOneCallShape<v.GenericSchema>): Expected {
  const verdict = classifyPortOne(outcome, call);
  if (verdict.kind === 'ok' || verdict.kind === 'not-found') return verdict.kind;
  assert.equal(verdict.error.outcome, verdict.kind, 'the error says the same outcome');
  return [verdict.kind, verdict.error.code];
}

/** What each documented type must become on each call: the decision, written out once more. */
function expectedFor(operation: string, type: string): Expected {
  const lookup = ['getPayment', 'getBillingKey', 'listBillingKeys'].includes(operation);
  if (type === 'UNAUTHORIZED' || type === 'FORBIDDEN') {
    return ['unavailable', 'UPSTREAM_AUTH_FAILED'];
  }
  if (lookup && (type === 'PAYMENT_NOT_FOUND' || type === 'BILLING_KEY_NOT_FOUND')) {
    return 'not-found';
  }
  if (operation === 'deleteBillingKey' && type.startsWith('BILLING_KEY_')) return 'not-found';
  if (type === 'PG_PROVIDER') {
    const declines = ['issueBillingKey', 'payInstantly', 'payWithBillingKey'].includes(operation);
    return ['rejected', declines ? 'CARD_DECLINED' : 'PG_ERROR'];
  }
  if (type === 'CHANNEL_SPECIFIC') return ['rejected', 'PG_ERROR'];
  return ['rejected', 'UPSTREAM_REJECTED'];
}

describe('the V2 error table', () => {
  for (const [operation, types] of Object.entries(DOCUMENTED)) {
    it(`${operation}: every documented error type is decided, with its documented status`, () => {
      const call = CALLS[operation]!;
      for (const [type, status] of Object.entries(types)) {
        assert.ok(ERROR_TYPES[type], `${type} is in the table`);
        assert.equal(ERROR_TYPES[type][0], status, `${type}: status`);
        const body = { type, message: 'm', pgCode: 'P1', pgMessage: 'refused' };
        assert.deepEqual(verdictOf(answer(status, body), call), expectedFor(operation, type), type);
      }
    });
  }

  it('every row of the table is some call’s documented type, or the Idempotency-Key’s own', () => {
    const documented = new Set(Object.values(DOCUMENTED).flatMap((t) => Object.keys(t)));
    const extra = Object.keys(ERROR_TYPES).filter((t) => !documented.has(t));
    assert.deepEqual(extra, ['IDEMPOTENCY_OUTSTANDING_REQUEST']);
  });

  it('a request still running under the same Idempotency-Key is in doubt, not a refusal', () => {
    const body = { type: 'IDEMPOTENCY_OUTSTANDING_REQUEST' };
    assert.deepEqual(verdictOf(answer(409, body), CALLS.payInstantly!), [
      'in-doubt',
      'OUTCOME_UNKNOWN',
    ]);
    // A read cannot be in doubt: nothing to land.
    assert.deepEqual(verdictOf(answer(409, body), CALLS.getPayment!), [
      'unavailable',
      'UPSTREAM_UNAVAILABLE',
    ]);
  });
});

describe('the V2 classifier', () => {
  const pay = CALLS.payInstantly!;
  const read = CALLS.getPayment!;
  const RULES: [string, UpstreamOutcome, PortOneCallShape<v.GenericSchema>, Expected][] = [
    ['refused POST: never sent', failure('refused'), pay, ['unavailable', 'UPSTREAM_UNAVAILABLE']],
    ['timed-out POST', failure('timeout'), pay, ['in-doubt', 'OUTCOME_UNKNOWN']],
    ['reset POST', failure('network'), pay, ['in-doubt', 'OUTCOME_UNKNOWN']],
    ['untyped 5xx POST', failure('http', 500), pay, ['in-doubt', 'OUTCOME_UNKNOWN']],
    ['timed-out read', failure('timeout'), read, ['unavailable', 'UPSTREAM_UNAVAILABLE']],
    ['untyped 5xx read', failure('http', 503), read, ['unavailable', 'UPSTREAM_UNAVAILABLE']],
    ['401 without a body', answer(401), pay, ['unavailable', 'UPSTREAM_AUTH_FAILED']],
    [
      '403 of an unknown type',
      answer(403, { type: 'NEW' }),
      read,
      ['unavailable', 'UPSTREAM_AUTH_FAILED'],
    ],
    [
      '429 POST: refused before anything',
      answer(429),
      pay,
      ['unavailable', 'UPSTREAM_UNAVAILABLE'],
    ],
    ['429 read', answer(429), read, ['unavailable', 'UPSTREAM_UNAVAILABLE']],
    [
      'unknown 4xx type',
      answer(422, { type: 'SOMETHING_NEW' }),
      pay,
      ['rejected', 'UPSTREAM_REJECTED'],
    ],
    ['4xx without a body', answer(400), pay, ['rejected', 'UPSTREAM_REJECTED']],
    ['404 without a type on a lookup', answer(404), read, ['rejected', 'UPSTREAM_REJECTED']],
    ['2xx POST, unreadable', answer(200, { nope: 1 }), pay, ['in-doubt', 'OUTCOME_UNKNOWN']],
    ['2xx read, unreadable', answer(200, 'x'), read, ['unavailable', 'UPSTREAM_INVALID_RESPONSE']],
    [
      '2xx POST',
      answer(200, { payment: { pgTxId: 't', paidAt: '2026-01-01T00:00:00Z' } }),
      pay,
      'ok',
    ],
  ];
  for (const [why, outcome, call, expected] of RULES) {
    it(why, () => assert.deepEqual(verdictOf(outcome, call), expected));
  }

  it('a decline keeps the PG’s code and message, with card values redacted', () => {
    const verdict = classifyPortOne(
      answer(502, {
        type: 'PG_PROVIDER',
        message: 'PG refused',
        pgCode: 'V812',
        pgMessage: '카드 4242424242424242 한도초과 (880101)',
      }),
      pay,
    );
    assert.equal(verdict.kind, 'rejected');
    if (verdict.kind !== 'rejected') return;
    assert.equal(verdict.type, 'PG_PROVIDER');
    assert.equal(verdict.error.code, 'CARD_DECLINED');
    assert.equal(verdict.error.pgCode, 'V812');
    assert.equal(verdict.error.upstreamCode, 'PG_PROVIDER');
    assert.equal(verdict.error.httpStatus, 502);
    assert.equal(verdict.error.upstreamMessage, '카드 [redacted] 한도초과 ([redacted])');
    assert.doesNotMatch(verdict.error.message, /4242|880101/);
  });

  it('a billing key sent in a charge never comes back in a message', () => {
    const verdict = classifyPortOne(
      answer(404, { type: 'BILLING_KEY_NOT_FOUND', message: 'no billing-key-secret here' }),
      CALLS.payWithBillingKey!,
    );
    assert.equal(verdict.kind, 'rejected');
    if (verdict.kind !== 'rejected') return;
    assert.equal(verdict.error.upstreamMessage, 'no [redacted] here');
  });

  it('reads a 5xx as PortOne’s answer only when its body is a typed 5xx refusal', () => {
    const typed = (status: number, type: string) => ({ status, text: JSON.stringify({ type }) });
    assert.equal(isPortOneAnswer({ status: 409, text: '' }), true);
    assert.equal(isPortOneAnswer(typed(502, 'PG_PROVIDER')), true);
    assert.equal(isPortOneAnswer(typed(502, 'CHANNEL_SPECIFIC')), true);
    assert.equal(isPortOneAnswer(typed(500, 'INTERNAL')), false);
    assert.equal(isPortOneAnswer({ status: 502, text: '<html>Bad gateway</html>' }), false);
    assert.equal(isPortOneAnswer({ status: 504, text: '' }), false);
  });
});
