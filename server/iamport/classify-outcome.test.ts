import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyOutcome, type CallShape } from './classify-outcome.ts';
import type { IamportErrorCode } from './errors.ts';
import { ImpCustomerListSchema, ImpPaymentSchema, ImpTokenSchema } from './schemas.ts';
import { TransportFailure, type FailureKind, type UpstreamOutcome } from './transport.ts';
import type * as v from 'valibot';

const PAYMENT = {
  imp_uid: 'imps_1',
  merchant_uid: 'm',
  amount: 1000,
  status: 'paid',
};

const answer = (status: number, code?: number, response: unknown = null, message?: string) =>
  code === undefined
    ? { status, unreadable: false }
    : { status, unreadable: false, envelope: { code, message: message ?? null, response } };
const failure = (kind: FailureKind, status?: number) =>
  new TransportFailure(kind, `failed (${kind})`, status);

type Shape = CallShape<v.GenericSchema>;
const lookup: Shape = {
  what: 'payment m',
  changesState: false,
  schema: ImpPaymentSchema,
  notFound: {},
};
const keyLookup: Shape = { ...lookup, notFound: { code: 1 } };
const payment: Shape = { what: 'payment m', changesState: true, schema: ImpPaymentSchema };
const token: Shape = {
  what: 'getToken',
  changesState: false,
  schema: ImpTokenSchema,
  credentials: true,
};
const multi: Shape = {
  what: 'billing keys',
  changesState: false,
  schema: ImpCustomerListSchema,
  notFound: {},
  partial: true,
};

type Expected =
  | 'ok'
  | 'not-found'
  | ['rejected' | 'unavailable', IamportErrorCode]
  | ['in-doubt', string, IamportErrorCode];

// Each rule of the classifier, one row each: [why, outcome, call, verdict].
const RULES: [string, UpstreamOutcome, Shape, Expected][] = [
  ['refused read', failure('refused'), lookup, ['unavailable', 'UPSTREAM_UNAVAILABLE']],
  [
    'refused change: never sent',
    failure('refused'),
    payment,
    ['unavailable', 'UPSTREAM_UNAVAILABLE'],
  ],
  ['timed-out read', failure('timeout'), lookup, ['unavailable', 'UPSTREAM_UNAVAILABLE']],
  ['timed-out change', failure('timeout'), payment, ['in-doubt', 'timeout', 'OUTCOME_UNKNOWN']],
  ['reset change', failure('network'), payment, ['in-doubt', 'network', 'OUTCOME_UNKNOWN']],
  ['5xx change', failure('http', 500), payment, ['in-doubt', 'http', 'OUTCOME_UNKNOWN']],
  ['5xx read', failure('http', 503), lookup, ['unavailable', 'UPSTREAM_UNAVAILABLE']],
  ['401 after refresh, read', answer(401, -1), lookup, ['unavailable', 'UPSTREAM_AUTH_FAILED']],
  ['401 after refresh, change', answer(401), payment, ['unavailable', 'UPSTREAM_AUTH_FAILED']],
  ['getToken 401', answer(401, -1), token, ['unavailable', 'UPSTREAM_AUTH_FAILED']],
  ['getToken 403', answer(403), token, ['unavailable', 'UPSTREAM_AUTH_FAILED']],
  ['getToken code -1', answer(200, -1), token, ['rejected', 'UPSTREAM_AUTH_FAILED']],
  ['getToken 400 without envelope', answer(400), token, ['rejected', 'UPSTREAM_REJECTED']],
  ['getToken unreadable 2xx', answer(200), token, ['unavailable', 'UPSTREAM_INVALID_RESPONSE']],
  [
    'getToken code 0, no token',
    answer(200, 0, {}),
    token,
    ['unavailable', 'UPSTREAM_INVALID_RESPONSE'],
  ],
  ['429 read', answer(429), lookup, ['unavailable', 'UPSTREAM_UNAVAILABLE']],
  ['429 change: read as any 4xx', answer(429), payment, ['rejected', 'UPSTREAM_REJECTED']],
  ['404 lookup', answer(404, -1), lookup, 'not-found'],
  ['404 change: no "none" there', answer(404, -1), payment, ['rejected', 'PG_ERROR']],
  ['4xx without envelope', answer(400), lookup, ['rejected', 'UPSTREAM_REJECTED']],
  ['2xx without envelope, read', answer(200), lookup, ['unavailable', 'UPSTREAM_INVALID_RESPONSE']],
  [
    '2xx without envelope, change',
    answer(200),
    payment,
    ['in-doubt', 'invalid_response', 'OUTCOME_UNKNOWN'],
  ],
  ['2xx code 1 where code 1 is "none"', answer(200, 1), keyLookup, 'not-found'],
  [
    '4xx code 1 where code 1 is "none"',
    answer(400, 1),
    keyLookup,
    ['rejected', 'UPSTREAM_REJECTED'],
  ],
  ['code 1 elsewhere', answer(200, 1), lookup, ['rejected', 'UPSTREAM_REJECTED']],
  ['code -1 on a change: the PG', answer(200, -1), payment, ['rejected', 'PG_ERROR']],
  ['code -1 on a read: not a PG call', answer(200, -1), lookup, ['rejected', 'UPSTREAM_REJECTED']],
  ['code 1 on a change', answer(200, 1), payment, ['rejected', 'UPSTREAM_REJECTED']],
  ['207 with a list beside a non-zero code', answer(207, 1, [{ customer_uid: 'a' }]), multi, 'ok'],
  ['non-zero code without a list', answer(200, 1), multi, ['rejected', 'UPSTREAM_REJECTED']],
  ['code 0 that fits', answer(200, 0, PAYMENT), lookup, 'ok'],
  ['code 0 on any status', answer(400, 0, PAYMENT), payment, 'ok'],
  [
    'code 0 that does not fit, read',
    answer(200, 0, {}),
    lookup,
    ['unavailable', 'UPSTREAM_INVALID_RESPONSE'],
  ],
  [
    'code 0 that does not fit, change',
    answer(200, 0, {}),
    payment,
    ['in-doubt', 'invalid_response', 'UPSTREAM_INVALID_RESPONSE'],
  ],
];

describe('classifyOutcome', () => {
  for (const [why, outcome, call, expected] of RULES) {
    it(why, () => {
      const verdict = classifyOutcome(outcome, call);
      if (typeof expected === 'string') {
        assert.equal(verdict.kind, expected);
        return;
      }
      const [kind, ...rest] = expected;
      assert.equal(verdict.kind, kind);
      assert.ok('error' in verdict);
      assert.equal(verdict.error.code, rest.at(-1));
      if (verdict.kind === 'in-doubt') assert.equal(verdict.reason, rest[0]);
    });
  }

  it("a lost answer keeps the failure as the doubt's cause; an unreadable one has none", () => {
    const lost = failure('timeout');
    const verdict = classifyOutcome(lost, payment);
    assert.ok(verdict.kind === 'in-doubt');
    assert.equal(verdict.cause, lost);
    assert.equal(verdict.error.cause, lost);
    const unreadable = classifyOutcome(answer(200), payment);
    assert.ok(unreadable.kind === 'in-doubt');
    assert.equal(unreadable.cause, undefined);
  });

  it("carries i'mport's code and message on a refusal, Korean as sent, card values redacted", () => {
    const secrets = ['4111111111111111'];
    const declined = classifyOutcome(
      answer(200, -1, null, '[PG] 유효기간이 경과한 카드입니다. 4111111111111111'),
      { ...payment, secrets },
    );
    assert.ok(declined.kind === 'rejected');
    assert.equal(declined.error.code, 'CARD_DECLINED');
    assert.equal(declined.upstreamCode, -1);
    assert.equal(declined.upstreamMessage, '[PG] 유효기간이 경과한 카드입니다. [redacted]');
    assert.equal(declined.error.upstreamMessage, declined.upstreamMessage);
    assert.equal(declined.error.httpStatus, 200);
  });

  it('names the refused field, never its value', () => {
    const verdict = classifyOutcome(answer(200, 0, { ...PAYMENT, imp_uid: '' }), lookup);
    assert.ok(verdict.kind === 'unavailable');
    assert.match(verdict.error.message, /\(imp_uid\)$/);
  });

  it('an ok verdict holds the parsed response', () => {
    const call = { what: 'payment m', changesState: true, schema: ImpPaymentSchema };
    const verdict = classifyOutcome(answer(200, 0, { ...PAYMENT, amount: '1000' }), call);
    assert.ok(verdict.kind === 'ok');
    assert.deepEqual(
      [verdict.value.amount, verdict.value.status, verdict.value.cancel_amount],
      [1000, 'paid', 0],
    );
  });
});
