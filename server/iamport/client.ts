import * as v from 'valibot';
import { compactBody } from './compact-body.ts';
import { IamportError, type IamportErrorCode } from './errors.ts';
import { formatCardNumber } from './format-card-number.ts';
import type {
  AgainPaymentInput,
  CardInput,
  CancelPaymentInput,
  IssueBillingKeyInput,
  OnetimePaymentInput,
} from './inputs.ts';
import type { IamportClientOptions, IamportLogEvent, IamportReconcileLogEvent } from './options.ts';
import { redactCardLike } from './redact.ts';
import {
  ImpCustomerSchema,
  ImpPaymentPageSchema,
  ImpPaymentSchema,
  ImpTokenSchema,
  type ImpCustomer,
  type ImpEnvelope,
  type ImpPayment,
} from './schemas.ts';
import { TokenCache, type FetchedToken } from './token-cache.ts';
import {
  createTransport,
  TransportFailure,
  type FailureKind,
  type UpstreamAnswer,
  type UpstreamRequest,
} from './transport.ts';

/** Typed access to the i'mport (PortOne V1) REST API for billing keys and key-in payments. */
export interface IamportClient {
  /** Issues (or replaces: it is an upsert) the billing key `customerUid`. */
  issueBillingKey(customerUid: string, input: IssueBillingKeyInput): Promise<ImpCustomer>;
  /** null when i'mport knows no such key (200 + code 1, or 404). */
  getBillingKey(customerUid: string): Promise<ImpCustomer | null>;
  /** The keys i'mport knows among `customerUids` (unknown ones are left out). */
  getBillingKeys(customerUids: string[]): Promise<ImpCustomer[]>;
  /** The deleted key, or null when there was none. */
  deleteBillingKey(customerUid: string, reason?: string): Promise<ImpCustomer | null>;
  /** Resolves only for `status "paid"` with `amount === input.amount`. */
  payOnetime(input: OnetimePaymentInput): Promise<ImpPayment>;
  /** Resolves only for `status "paid"` with `amount === input.amount`. */
  payAgain(input: AgainPaymentInput): Promise<ImpPayment>;
  getPayment(impUid: string): Promise<ImpPayment | null>;
  /** The most recently started payment with this merchant_uid, or null. */
  findPayment(merchantUid: string): Promise<ImpPayment | null>;
  /** Every payment attempt with this merchant_uid. */
  findAllPayments(merchantUid: string): Promise<ImpPayment[]>;
  cancelPayment(input: CancelPaymentInput): Promise<ImpPayment>;
}

type ReconcileReason = IamportReconcileLogEvent['reason'];

// Clock tolerance when asking "did this record change after our request left?": i'mport's `now`
// has one-second resolution and our skew estimate includes the token round trip.
const CLOCK_TOLERANCE_S = 2;
const MAX_FIND_ALL_PAGES = 50;
// i'mport reports an expired card through the PG's text only; these words are what the PGs use.
const EXPIRED_CARD_TEXT = /유효기간|expired/i;

const path = (...parts: string[]): string =>
  '/' + parts.map((p, i) => (i === 0 ? p : encodeURIComponent(p))).join('/');

function upstreamMessage(
  envelope: ImpEnvelope | undefined,
  secrets: readonly string[] = [],
): string | undefined {
  const message = envelope?.message;
  if (message === undefined || message === null || message === '') return undefined;
  return redactCardLike(typeof message === 'string' ? message : JSON.stringify(message), secrets);
}

/** The card values of a request, in every form a PG message might quote them. */
function cardSecrets(card: CardInput): string[] {
  const digits = card.card_number.replace(/\D/g, '');
  return [
    card.card_number,
    digits,
    formatCardNumber(digits),
    card.expiry,
    card.expiry.replace('-', ''),
  ]
    .concat(card.birth ?? [], card.cvc ?? [])
    .filter((s) => s.length > 0);
}

function fail(
  code: IamportErrorCode,
  message: string,
  answer?: UpstreamAnswer,
  extra: { payment?: ImpPayment; cause?: unknown; secrets?: readonly string[] } = {},
): IamportError {
  return new IamportError(code, message, {
    upstreamCode: answer?.envelope?.code,
    upstreamMessage: upstreamMessage(answer?.envelope, extra.secrets),
    httpStatus: answer?.status,
    payment: extra.payment,
    cause: extra.cause,
  });
}

function failureError(
  code: IamportErrorCode,
  what: string,
  failure: TransportFailure,
): IamportError {
  return new IamportError(code, `${what}: ${failure.message}`, {
    httpStatus: failure.httpStatus,
    cause: failure,
  });
}

const isSuccess = (answer: UpstreamAnswer): boolean => answer.status >= 200 && answer.status < 300;

/** A non-zero code (or an envelope-less 4xx) from a call, as a typed error. */
function rejection(
  answer: UpstreamAnswer,
  what: string,
  pgCall: boolean,
  secrets: readonly string[] = [],
): IamportError {
  const code = answer.envelope?.code;
  if (pgCall && code === -1) {
    const text = upstreamMessage(answer.envelope, secrets) ?? '';
    return EXPIRED_CARD_TEXT.test(text)
      ? fail('CARD_DECLINED', `${what}: the card is expired`, answer, { secrets })
      : fail('PG_ERROR', `${what}: the PG reported an error`, answer, { secrets });
  }
  if (code === undefined) {
    return fail(
      'UPSTREAM_REJECTED',
      `${what}: HTTP ${answer.status} without an i'mport envelope`,
      answer,
    );
  }
  return fail('UPSTREAM_REJECTED', `${what}: i'mport answered code ${code}`, answer, { secrets });
}

/** Parses `value` with `schema` or throws UPSTREAM_INVALID_RESPONSE. */
function parseOr<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  answer: UpstreamAnswer,
  what: string,
): v.InferOutput<S> {
  const parsed = v.safeParse(schema, value);
  if (parsed.success) return parsed.output;
  const issue = parsed.issues[0];
  const field = issue.path?.map((p) => String(p.key)).join('.') ?? 'response';
  // Only the field name: the issue's input may be anything upstream sent.
  throw fail('UPSTREAM_INVALID_RESPONSE', `${what}: unexpected response (${field})`, answer);
}

/** `code 0` is not approval: only `paid` with the asked amount is. */
function judgePayment(
  payment: ImpPayment,
  amount: number,
  what: string,
  secrets: readonly string[] = [],
): ImpPayment {
  const base = { httpStatus: undefined, payment };
  if (payment.status === 'paid') {
    if (payment.amount === amount) return payment;
    throw new IamportError(
      'AMOUNT_MISMATCH',
      `${what}: paid ${payment.amount} where ${amount} was asked`,
      base,
    );
  }
  if (payment.status === 'failed') {
    throw new IamportError('CARD_DECLINED', `${what}: the card was declined`, {
      ...base,
      upstreamCode: 0,
      upstreamMessage: payment.fail_reason
        ? redactCardLike(payment.fail_reason, secrets)
        : undefined,
    });
  }
  throw new IamportError(
    'OUTCOME_UNKNOWN',
    `${what}: payment is ${payment.status_raw}, not paid or failed`,
    base,
  );
}

/** Creates the client; nothing is sent until the first call. */
export function createIamportClient(options: IamportClientOptions): IamportClient {
  const now = options.now ?? Date.now;
  const logger = options.logger;
  const log = (event: IamportLogEvent): void => {
    if (!logger) return;
    try {
      logger(event);
    } catch {
      // A failing logger must not turn a payment into an error.
    }
  };
  const timeoutMs = options.timeoutMs ?? 30_000;
  const reconcileDelaysMs = options.reconcileDelaysMs ?? [0, 1_000, 3_000];
  const send = createTransport({
    baseUrl: options.baseUrl ?? 'https://api.iamport.kr',
    timeoutMs,
    retryLimit: options.retryLimit ?? 2,
    retryBackoffLimitMs: options.retryBackoffLimitMs ?? 2_000,
    fetch: options.fetch,
    log,
  });

  async function fetchToken(): Promise<FetchedToken> {
    const sentAt = now();
    let answer: UpstreamAnswer;
    try {
      answer = await send({
        method: 'POST',
        path: '/users/getToken',
        json: { imp_key: options.impKey, imp_secret: options.impSecret },
        retry: true, // getToken changes nothing upstream: i'mport hands out the same token
      });
    } catch (error) {
      if (error instanceof TransportFailure) {
        throw failureError('UPSTREAM_UNAVAILABLE', 'getToken', error);
      }
      throw error;
    }
    if (answer.status === 401 || answer.status === 403) {
      throw fail(
        'UPSTREAM_AUTH_FAILED',
        "getToken: i'mport refused the API key and secret",
        answer,
      );
    }
    if (!answer.envelope) {
      throw isSuccess(answer)
        ? fail('UPSTREAM_INVALID_RESPONSE', 'getToken: unexpected response', answer)
        : fail('UPSTREAM_REJECTED', `getToken: HTTP ${answer.status}`, answer);
    }
    if (answer.envelope.code !== 0) {
      throw fail(
        'UPSTREAM_AUTH_FAILED',
        `getToken: i'mport answered code ${answer.envelope.code}`,
        answer,
      );
    }
    const token = parseOr(ImpTokenSchema, answer.envelope.response, answer, 'getToken');
    log({
      type: 'token',
      action: 'fetched',
      expiresInS: token.expired_at - (token.now || Math.floor(sentAt / 1000)),
      skewMs: token.now ? token.now * 1000 - sentAt : 0,
    });
    return { token, sentAt };
  }

  const tokens = new TokenCache(fetchToken, now, options.tokenMarginMs ?? 60_000);

  /** Sends with the cached token; on a 401 refreshes once and retries once (nothing was done). */
  async function authed(request: Omit<UpstreamRequest, 'token'>): Promise<UpstreamAnswer> {
    const first = await tokens.get();
    const answer = await send({ ...request, token: first });
    if (answer.status !== 401) return answer;
    if (tokens.invalidate(first)) log({ type: 'token', action: 'invalidated' });
    const second = await tokens.get();
    const retried = await send({ ...request, token: second });
    if (retried.status === 401) {
      tokens.invalidate(second);
      throw fail(
        'UPSTREAM_AUTH_FAILED',
        `${request.method} ${request.path}: still 401 after a token refresh`,
        retried,
      );
    }
    return retried;
  }

  /** For calls that change nothing: every transport failure means "try again later". */
  async function read(request: Omit<UpstreamRequest, 'token' | 'retry'>): Promise<UpstreamAnswer> {
    try {
      return await authed({ ...request, retry: true });
    } catch (error) {
      if (error instanceof TransportFailure) {
        throw failureError('UPSTREAM_UNAVAILABLE', `${request.method} ${request.path}`, error);
      }
      throw error;
    }
  }

  /** Reads a lookup whose "not found" is an answer (404, or `notFoundCode` with a 2xx). */
  async function lookup(
    request: Omit<UpstreamRequest, 'token' | 'retry'>,
    notFoundCode?: number,
  ): Promise<{ answer: UpstreamAnswer; response: unknown } | null> {
    const answer = await read(request);
    const what = `${request.method} ${request.path}`;
    if (answer.status === 404) return null;
    if (!answer.envelope) {
      throw isSuccess(answer)
        ? fail('UPSTREAM_INVALID_RESPONSE', `${what}: unexpected response`, answer)
        : rejection(answer, what, false);
    }
    if (answer.envelope.code !== 0) {
      if (
        notFoundCode !== undefined &&
        answer.envelope.code === notFoundCode &&
        isSuccess(answer)
      ) {
        return null;
      }
      throw rejection(answer, what, false);
    }
    return { answer, response: answer.envelope.response };
  }

  const serverStart = (localStart: number): number =>
    tokens.serverNowSeconds(localStart) - CLOCK_TOLERANCE_S;

  const reconcileLog = (
    kind: IamportReconcileLogEvent['kind'],
    id: string,
    reason: ReconcileReason,
    result: IamportReconcileLogEvent['result'],
  ): void => log({ type: 'reconcile', kind, id, reason, result });

  /**
   * Resolves a payment POST whose answer was lost (timeout, reset, 5xx, unreadable). i'mport
   * accepts one paid payment per merchant_uid, so "nothing found" is safe to retry with the same
   * merchant_uid; a lookup that itself fails leaves the outcome unknown.
   */
  async function reconcilePayment(
    merchantUid: string,
    amount: number,
    localStart: number,
    reason: ReconcileReason,
    cause: unknown,
    secrets: readonly string[],
  ): Promise<ImpPayment> {
    const what = `payment ${merchantUid}`;
    // After a timeout or reset i'mport may still be waiting for the PG: look again a little later
    // before concluding that nothing was recorded.
    const delays = reason === 'timeout' || reason === 'network' ? reconcileDelaysMs : [0];
    const since = serverStart(localStart);
    for (const delay of delays.length > 0 ? delays : [0]) {
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      let payment: ImpPayment | null;
      try {
        const found = await lookup({ method: 'GET', path: path('payments/find', merchantUid) });
        payment = found ? parseOr(ImpPaymentSchema, found.response, found.answer, what) : null;
      } catch (error) {
        reconcileLog('payment', merchantUid, reason, 'unknown');
        throw new IamportError(
          'OUTCOME_UNKNOWN',
          `${what}: outcome unknown (${reason}) and the lookup failed`,
          {
            cause: error,
          },
        );
      }
      // An older failed attempt under the same merchant_uid says nothing about this one.
      const earlier = payment !== null && payment.started_at > 0 && payment.started_at < since;
      if (payment === null || (earlier && payment.status !== 'paid')) continue;
      try {
        const paid = judgePayment(payment, amount, what, secrets);
        reconcileLog('payment', merchantUid, reason, 'paid');
        return paid;
      } catch (error) {
        const code = (error as IamportError).code;
        reconcileLog(
          'payment',
          merchantUid,
          reason,
          code === 'CARD_DECLINED'
            ? 'declined'
            : code === 'AMOUNT_MISMATCH'
              ? 'mismatch'
              : 'unknown',
        );
        throw error;
      }
    }
    reconcileLog('payment', merchantUid, reason, 'not_found');
    return Promise.reject(
      new IamportError(
        'UPSTREAM_UNAVAILABLE',
        `${what}: not recorded upstream (${reason}); retry with the same merchant_uid`,
        {
          cause,
        },
      ),
    );
  }

  async function pay(
    endpoint: string,
    body: Record<string, unknown>,
    merchantUid: string,
    amount: number,
    secrets: readonly string[],
  ): Promise<ImpPayment> {
    const what = `payment ${merchantUid}`;
    const localStart = now();
    let answer: UpstreamAnswer;
    try {
      answer = await authed({ method: 'POST', path: endpoint, json: body, retry: false });
    } catch (error) {
      if (!(error instanceof TransportFailure)) throw error;
      if (error.kind === 'refused') throw failureError('UPSTREAM_UNAVAILABLE', what, error);
      return reconcilePayment(
        merchantUid,
        amount,
        localStart,
        reasonOf(error.kind),
        error,
        secrets,
      );
    }
    const envelope = answer.envelope;
    if (!envelope) {
      if (isSuccess(answer)) {
        return reconcilePayment(
          merchantUid,
          amount,
          localStart,
          'invalid_response',
          undefined,
          secrets,
        );
      }
      throw rejection(answer, what, true, secrets);
    }
    if (envelope.code !== 0) throw rejection(answer, what, true, secrets);
    const parsed = v.safeParse(ImpPaymentSchema, envelope.response);
    if (!parsed.success) {
      return reconcilePayment(
        merchantUid,
        amount,
        localStart,
        'invalid_response',
        undefined,
        secrets,
      );
    }
    return judgePayment(parsed.output, amount, what, secrets);
  }

  async function reconcileBillingKey(
    customerUid: string,
    cardNumber: string,
    localStart: number,
    reason: ReconcileReason,
    cause: unknown,
  ): Promise<ImpCustomer> {
    const what = `billing key ${customerUid}`;
    let customer: ImpCustomer | null;
    try {
      const found = await lookup(
        { method: 'GET', path: path('subscribe/customers', customerUid) },
        1,
      );
      customer = found ? parseOr(ImpCustomerSchema, found.response, found.answer, what) : null;
    } catch (error) {
      reconcileLog('billing_key', customerUid, reason, 'unknown');
      throw new IamportError(
        'OUTCOME_UNKNOWN',
        `${what}: outcome unknown (${reason}) and the lookup failed`,
        {
          cause: error,
        },
      );
    }
    const last4 = cardNumber.replace(/\D/g, '').slice(-4);
    const masked = customer?.card_number ?? '';
    const sameCard = !/\d{4}$/.test(masked) || masked.endsWith(last4);
    if (customer !== null && customer.updated >= serverStart(localStart) && sameCard) {
      reconcileLog('billing_key', customerUid, reason, 'issued');
      return customer;
    }
    reconcileLog('billing_key', customerUid, reason, 'not_found');
    throw new IamportError(
      'UPSTREAM_UNAVAILABLE',
      `${what}: not issued upstream (${reason}); safe to retry`,
      {
        cause,
      },
    );
  }

  /** For state-changing calls that have no lookup to reconcile with. */
  async function change(
    request: Omit<UpstreamRequest, 'token' | 'retry'>,
  ): Promise<UpstreamAnswer> {
    try {
      return await authed({ ...request, retry: false });
    } catch (error) {
      if (!(error instanceof TransportFailure)) throw error;
      const code = error.kind === 'refused' ? 'UPSTREAM_UNAVAILABLE' : 'OUTCOME_UNKNOWN';
      throw failureError(code, `${request.method} ${request.path}`, error);
    }
  }

  return {
    async issueBillingKey(customerUid, input) {
      const endpoint = path('subscribe/customers', customerUid);
      const what = `billing key ${customerUid}`;
      const body = compactBody({ ...input, card_number: formatCardNumber(input.card_number) });
      const localStart = now();
      let answer: UpstreamAnswer;
      try {
        answer = await authed({ method: 'POST', path: endpoint, json: body, retry: false });
      } catch (error) {
        if (!(error instanceof TransportFailure)) throw error;
        if (error.kind === 'refused') throw failureError('UPSTREAM_UNAVAILABLE', what, error);
        // Issue is an upsert, so a lookup tells whether this request took effect.
        return reconcileBillingKey(
          customerUid,
          input.card_number,
          localStart,
          reasonOf(error.kind),
          error,
        );
      }
      if (!answer.envelope) {
        if (isSuccess(answer)) {
          return reconcileBillingKey(
            customerUid,
            input.card_number,
            localStart,
            'invalid_response',
            undefined,
          );
        }
        throw rejection(answer, what, true, cardSecrets(input));
      }
      if (answer.envelope.code !== 0) throw rejection(answer, what, true, cardSecrets(input));
      const parsed = v.safeParse(ImpCustomerSchema, answer.envelope.response);
      if (!parsed.success) {
        return reconcileBillingKey(
          customerUid,
          input.card_number,
          localStart,
          'invalid_response',
          undefined,
        );
      }
      return parsed.output;
    },

    async getBillingKey(customerUid) {
      const what = `billing key ${customerUid}`;
      const found = await lookup(
        { method: 'GET', path: path('subscribe/customers', customerUid) },
        1,
      );
      return found ? parseOr(ImpCustomerSchema, found.response, found.answer, what) : null;
    },

    async getBillingKeys(customerUids) {
      if (customerUids.length === 0) return [];
      const searchParams = new URLSearchParams();
      for (const uid of customerUids) searchParams.append('customer_uid[]', uid);
      const request = { method: 'GET', path: '/subscribe/customers', searchParams } as const;
      const answer = await read(request);
      if (answer.status === 404) return [];
      // 207 (some found) may carry a non-zero code next to the keys that were found.
      const list = answer.envelope?.response;
      if (Array.isArray(list)) {
        return list.map((item) => parseOr(ImpCustomerSchema, item, answer, 'billing keys'));
      }
      if (answer.envelope && answer.envelope.code !== 0)
        throw rejection(answer, 'billing keys', false);
      throw fail('UPSTREAM_INVALID_RESPONSE', 'billing keys: unexpected response', answer);
    },

    async deleteBillingKey(customerUid, reason) {
      const what = `delete billing key ${customerUid}`;
      const searchParams = new URLSearchParams(reason === undefined ? {} : { reason });
      const answer = await change({
        method: 'DELETE',
        path: path('subscribe/customers', customerUid),
        searchParams,
      });
      if (answer.status === 404) return null;
      if (!answer.envelope) {
        throw isSuccess(answer)
          ? fail('OUTCOME_UNKNOWN', `${what}: unexpected response`, answer)
          : rejection(answer, what, false);
      }
      if (answer.envelope.code === 1 && isSuccess(answer)) return null;
      if (answer.envelope.code !== 0) throw rejection(answer, what, true);
      return parseOr(ImpCustomerSchema, answer.envelope.response, answer, what);
    },

    payOnetime(input) {
      const body = compactBody({ ...input, card_number: formatCardNumber(input.card_number) });
      return pay(
        '/subscribe/payments/onetime',
        body,
        input.merchant_uid,
        input.amount,
        cardSecrets(input),
      );
    },

    payAgain(input) {
      return pay(
        '/subscribe/payments/again',
        compactBody(input),
        input.merchant_uid,
        input.amount,
        [],
      );
    },

    async getPayment(impUid) {
      const searchParams = options.includeSandbox
        ? new URLSearchParams({ include_sandbox: 'true' })
        : undefined;
      const found = await lookup({
        method: 'GET',
        path: path('payments', impUid),
        ...(searchParams ? { searchParams } : {}),
      });
      return found
        ? parseOr(ImpPaymentSchema, found.response, found.answer, `payment ${impUid}`)
        : null;
    },

    async findPayment(merchantUid) {
      const found = await lookup({ method: 'GET', path: path('payments/find', merchantUid) });
      return found
        ? parseOr(ImpPaymentSchema, found.response, found.answer, `payment ${merchantUid}`)
        : null;
    },

    async findAllPayments(merchantUid) {
      const what = `payments ${merchantUid}`;
      const payments: ImpPayment[] = [];
      for (let page = 1; page <= MAX_FIND_ALL_PAGES; page++) {
        const found = await lookup({
          method: 'GET',
          path: path('payments/findAll', merchantUid),
          searchParams: new URLSearchParams({ page: String(page) }),
        });
        if (!found) break;
        const { list, next } = parseOr(ImpPaymentPageSchema, found.response, found.answer, what);
        for (const item of list) payments.push(parseOr(ImpPaymentSchema, item, found.answer, what));
        if (next <= page || list.length === 0) break;
      }
      return payments;
    },

    async cancelPayment(input) {
      const what = `cancel ${input.imp_uid ?? input.merchant_uid ?? '(no id)'}`;
      // Never retried: with a checksum a repeat is refused anyway, without one it could cancel twice.
      const answer = await change({
        method: 'POST',
        path: '/payments/cancel',
        json: compactBody(input),
      });
      if (!answer.envelope) {
        throw isSuccess(answer)
          ? fail('OUTCOME_UNKNOWN', `${what}: unexpected response`, answer)
          : rejection(answer, what, false);
      }
      if (answer.envelope.code !== 0) throw rejection(answer, what, true);
      return parseOr(ImpPaymentSchema, answer.envelope.response, answer, what);
    },
  };
}

function reasonOf(kind: FailureKind): ReconcileReason {
  return kind === 'timeout' ? 'timeout' : kind === 'http' ? 'http' : 'network';
}
