import * as v from 'valibot';
import {
  errorFromAnswer,
  errorFromFailure,
  isSuccess,
  parseAnswer,
  rejectionOf,
} from './answer-errors.ts';
import { compactBody } from './compact-body.ts';
import { formatCardNumber } from './format-card-number.ts';
import type {
  AgainPaymentInput,
  CancelPaymentInput,
  IssueBillingKeyInput,
  OnetimePaymentInput,
} from './inputs.ts';
import { judgePayment } from './judge-payment.ts';
import type { IamportCallContext, IamportClientOptions, IamportLogEvent } from './options.ts';
import { createReconciler, reconcileReason } from './reconcile.ts';
import { cardSecrets } from './redact.ts';
import {
  ImpCustomerSchema,
  ImpPaymentPageSchema,
  ImpPaymentSchema,
  ImpTokenSchema,
  type ImpCustomer,
  type ImpPayment,
} from './schemas.ts';
import { TokenCache, type FetchedToken } from './token-cache.ts';
import { createRetryPolicy } from './retry-policy.ts';
import { createSend } from './create-send.ts';
import { selectTransport } from './select-transport.ts';
import { TransportFailure, type UpstreamAnswer, type UpstreamRequest } from './transport.ts';

/** Typed access to the i'mport (PortOne V1) REST API for billing keys and key-in payments. */
export interface IamportClient {
  /** Issues (or replaces: it is an upsert) the billing key `customerUid`. */
  issueBillingKey(
    customerUid: string,
    input: IssueBillingKeyInput,
    context?: IamportCallContext,
  ): Promise<ImpCustomer>;
  /** null when i'mport knows no such key (200 + code 1, or 404). */
  getBillingKey(customerUid: string, context?: IamportCallContext): Promise<ImpCustomer | null>;
  /** The keys i'mport knows among `customerUids` (unknown ones are left out). */
  getBillingKeys(customerUids: string[], context?: IamportCallContext): Promise<ImpCustomer[]>;
  /** The deleted key, or null when there was none. */
  deleteBillingKey(
    customerUid: string,
    reason?: string,
    context?: IamportCallContext,
  ): Promise<ImpCustomer | null>;
  /** Resolves only for `status "paid"` with `amount === input.amount`. */
  payOnetime(
    input: OnetimePaymentInput,
    options?: PayOptions,
    context?: IamportCallContext,
  ): Promise<ImpPayment>;
  /** Resolves only for `status "paid"` with `amount === input.amount`. */
  payAgain(
    input: AgainPaymentInput,
    options?: PayOptions,
    context?: IamportCallContext,
  ): Promise<ImpPayment>;
  /** null when unknown (404). */
  getPayment(impUid: string, context?: IamportCallContext): Promise<ImpPayment | null>;
  /** The most recently started payment with this merchant_uid, or null. */
  findPayment(merchantUid: string, context?: IamportCallContext): Promise<ImpPayment | null>;
  /** Every payment attempt with this merchant_uid. */
  findAllPayments(merchantUid: string, context?: IamportCallContext): Promise<ImpPayment[]>;
  /** Never retried; a lost answer is reconciled when `checksum` is given, else OUTCOME_UNKNOWN. */
  cancelPayment(input: CancelPaymentInput, context?: IamportCallContext): Promise<ImpPayment>;
  /**
   * Resolves once an access token is at hand (the cached one, else a fresh `getToken`): the
   * readiness probe's "can we talk to i'mport with these credentials".
   */
  ensureToken(context?: IamportCallContext): Promise<void>;
}

/** What the caller knows about earlier attempts; never sent upstream. */
export interface PayOptions {
  /**
   * imp_uids of failed attempts under the same merchant_uid that were already answered. When this
   * request's answer is lost, a lookup finding one of them keeps looking instead of reporting that
   * older decline as this attempt's outcome.
   */
  knownFailedImpUids?: readonly string[];
}

type Request = Omit<UpstreamRequest, 'token' | 'changesState'>;

const MAX_FIND_ALL_PAGES = 50;

const path = (...parts: string[]): string =>
  '/' + parts.map((p, i) => (i === 0 ? p : encodeURIComponent(p))).join('/');

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
  const stamp = (context: IamportCallContext | undefined): { requestId?: string } =>
    context?.requestId ? { requestId: context.requestId } : {};
  const sendOnce = createSend({
    transport: selectTransport({
      baseUrl: options.baseUrl ?? 'https://api.iamport.kr',
      timeoutMs: options.timeoutMs ?? 30_000,
      fetch: options.fetch,
    }),
    retry: createRetryPolicy(options.retryLimit ?? 2, options.retryBackoffLimitMs ?? 2_000),
    log,
  });
  const send = async (request: UpstreamRequest): Promise<UpstreamAnswer> => {
    const outcome = await sendOnce(request);
    if (outcome instanceof TransportFailure) throw outcome;
    return outcome;
  };

  async function fetchToken(context?: IamportCallContext): Promise<FetchedToken> {
    const sentAt = now();
    let answer: UpstreamAnswer;
    try {
      answer = await send({
        method: 'POST',
        path: '/users/getToken',
        json: { imp_key: options.impKey, imp_secret: options.impSecret },
        changesState: false,
        context,
      });
    } catch (error) {
      if (error instanceof TransportFailure) {
        throw errorFromFailure('UPSTREAM_UNAVAILABLE', 'getToken', error);
      }
      throw error;
    }
    if (answer.status === 401 || answer.status === 403) {
      throw errorFromAnswer('UPSTREAM_AUTH_FAILED', 'getToken: key or secret refused', answer);
    }
    if (!answer.envelope) {
      throw isSuccess(answer)
        ? errorFromAnswer('UPSTREAM_INVALID_RESPONSE', 'getToken: unexpected response', answer)
        : errorFromAnswer('UPSTREAM_REJECTED', `getToken: HTTP ${answer.status}`, answer);
    }
    if (answer.envelope.code !== 0) {
      const message = `getToken: i'mport answered code ${answer.envelope.code}`;
      throw errorFromAnswer('UPSTREAM_AUTH_FAILED', message, answer);
    }
    const token = parseAnswer(ImpTokenSchema, answer.envelope.response, answer, 'getToken');
    const serverNow = token.now || Math.floor(sentAt / 1000);
    log({
      type: 'token',
      action: 'fetched',
      expiresInS: token.expired_at - serverNow,
      skewMs: token.now ? token.now * 1000 - sentAt : 0,
      ...stamp(context),
    });
    return { token, sentAt };
  }

  const tokens = new TokenCache(fetchToken, now, options.tokenMarginMs ?? 60_000);

  /** Sends with the cached token; on a 401 refreshes once and retries once (nothing was done). */
  async function authed(request: Omit<UpstreamRequest, 'token'>): Promise<UpstreamAnswer> {
    const first = await tokens.get(request.context);
    const answer = await send({ ...request, token: first });
    if (answer.status !== 401) return answer;
    if (tokens.invalidate(first)) {
      log({ type: 'token', action: 'invalidated', ...stamp(request.context) });
    }
    const second = await tokens.get(request.context);
    const retried = await send({ ...request, token: second });
    if (retried.status === 401) {
      tokens.invalidate(second);
      const message = `${request.method} ${request.path}: still 401 after a token refresh`;
      throw errorFromAnswer('UPSTREAM_AUTH_FAILED', message, retried);
    }
    return retried;
  }

  /** For calls that change nothing: every transport failure means "try again later". */
  async function read(request: Request): Promise<UpstreamAnswer> {
    try {
      return await authed({ ...request, changesState: false });
    } catch (error) {
      if (!(error instanceof TransportFailure)) throw error;
      throw errorFromFailure('UPSTREAM_UNAVAILABLE', `${request.method} ${request.path}`, error);
    }
  }

  /** For state-changing calls: sent once; only a refused connection is known to have no effect. */
  async function change(request: Request): Promise<UpstreamAnswer> {
    try {
      return await authed({ ...request, changesState: true });
    } catch (error) {
      if (!(error instanceof TransportFailure)) throw error;
      const code = error.kind === 'refused' ? 'UPSTREAM_UNAVAILABLE' : 'OUTCOME_UNKNOWN';
      throw errorFromFailure(code, `${request.method} ${request.path}`, error);
    }
  }

  /** A lookup whose "not found" is an answer: 404, or `notFoundCode` with a 2xx. */
  async function lookup<S extends v.GenericSchema>(
    request: Request,
    schema: S,
    what: string,
    notFoundCode?: number,
  ): Promise<{ answer: UpstreamAnswer; value: v.InferOutput<S> } | null> {
    const answer = await read(request);
    if (answer.status === 404) return null;
    const envelope = answer.envelope;
    if (!envelope) {
      throw isSuccess(answer)
        ? errorFromAnswer('UPSTREAM_INVALID_RESPONSE', `${what}: unexpected response`, answer)
        : rejectionOf(answer, what, false);
    }
    if (envelope.code !== 0) {
      if (envelope.code === notFoundCode && isSuccess(answer)) return null;
      throw rejectionOf(answer, what, false);
    }
    return { answer, value: parseAnswer(schema, envelope.response, answer, what) };
  }

  async function getBillingKey(
    customerUid: string,
    context?: IamportCallContext,
  ): Promise<ImpCustomer | null> {
    const request = {
      method: 'GET',
      path: path('subscribe/customers', customerUid),
      context,
    } as const;
    const found = await lookup(request, ImpCustomerSchema, `billing key ${customerUid}`, 1);
    return found?.value ?? null;
  }

  async function findPayment(
    merchantUid: string,
    context?: IamportCallContext,
  ): Promise<ImpPayment | null> {
    const request = { method: 'GET', path: path('payments/find', merchantUid), context } as const;
    const found = await lookup(request, ImpPaymentSchema, `payment ${merchantUid}`);
    return found?.value ?? null;
  }

  async function getPayment(
    impUid: string,
    context?: IamportCallContext,
  ): Promise<ImpPayment | null> {
    const request: Request = { method: 'GET', path: path('payments', impUid), context };
    if (options.includeSandbox) {
      request.searchParams = new URLSearchParams({ include_sandbox: 'true' });
    }
    const found = await lookup(request, ImpPaymentSchema, `payment ${impUid}`);
    return found?.value ?? null;
  }

  const reconcile = createReconciler({
    findPayment,
    getPayment,
    getBillingKey,
    serverSecondsAt: (localMs) => tokens.serverNowSeconds(localMs),
    delaysMs: options.reconcileDelaysMs ?? [0, 1_000, 3_000],
    log,
  });

  /** onetime / again: never retried blindly; a lost answer is reconciled by merchant_uid. */
  async function pay(
    endpoint: string,
    body: Record<string, unknown>,
    input: { merchant_uid: string; amount: number },
    secrets: readonly string[],
    options: PayOptions = {},
    context?: IamportCallContext,
  ): Promise<ImpPayment> {
    const what = `payment ${input.merchant_uid}`;
    const lost = {
      merchantUid: input.merchant_uid,
      amount: input.amount,
      localStart: now(),
      secrets,
      knownFailedImpUids: options.knownFailedImpUids,
      context,
    };
    let answer: UpstreamAnswer;
    try {
      answer = await authed({
        method: 'POST',
        path: endpoint,
        json: body,
        changesState: true,
        context,
      });
    } catch (error) {
      if (!(error instanceof TransportFailure)) throw error;
      if (error.kind === 'refused') throw errorFromFailure('UPSTREAM_UNAVAILABLE', what, error);
      return reconcile.payment({ ...lost, reason: reconcileReason(error.kind), cause: error });
    }
    const envelope = answer.envelope;
    if (!envelope) {
      if (!isSuccess(answer)) throw rejectionOf(answer, what, true, secrets);
      return reconcile.payment({ ...lost, reason: 'invalid_response', cause: undefined });
    }
    if (envelope.code !== 0) throw rejectionOf(answer, what, true, secrets);
    const parsed = v.safeParse(ImpPaymentSchema, envelope.response);
    if (!parsed.success) {
      return reconcile.payment({ ...lost, reason: 'invalid_response', cause: undefined });
    }
    return judgePayment(parsed.output, input.amount, what, secrets);
  }

  return {
    async ensureToken(context) {
      await tokens.get(context);
    },
    async issueBillingKey(customerUid, input, context) {
      const what = `billing key ${customerUid}`;
      const secrets = cardSecrets(input);
      const body = compactBody({ ...input, card_number: formatCardNumber(input.card_number) });
      const lost = { customerUid, cardNumber: input.card_number, localStart: now(), context };
      let answer: UpstreamAnswer;
      try {
        answer = await authed({
          method: 'POST',
          path: path('subscribe/customers', customerUid),
          json: body,
          changesState: true,
          context,
        });
      } catch (error) {
        if (!(error instanceof TransportFailure)) throw error;
        if (error.kind === 'refused') throw errorFromFailure('UPSTREAM_UNAVAILABLE', what, error);
        return reconcile.billingKey({ ...lost, reason: reconcileReason(error.kind), cause: error });
      }
      if (!answer.envelope) {
        if (!isSuccess(answer)) throw rejectionOf(answer, what, true, secrets);
        return reconcile.billingKey({ ...lost, reason: 'invalid_response', cause: undefined });
      }
      if (answer.envelope.code !== 0) throw rejectionOf(answer, what, true, secrets);
      const parsed = v.safeParse(ImpCustomerSchema, answer.envelope.response);
      if (!parsed.success) {
        return reconcile.billingKey({ ...lost, reason: 'invalid_response', cause: undefined });
      }
      return parsed.output;
    },

    getBillingKey,

    async getBillingKeys(customerUids, context) {
      if (customerUids.length === 0) return [];
      const what = 'billing keys';
      const searchParams = new URLSearchParams();
      for (const uid of customerUids) searchParams.append('customer_uid[]', uid);
      const answer = await read({
        method: 'GET',
        path: '/subscribe/customers',
        searchParams,
        context,
      });
      if (answer.status === 404) return [];
      // 207 (some found) may carry a non-zero code next to the keys that were found.
      const list = answer.envelope?.response;
      if (Array.isArray(list)) {
        return list.map((item) => parseAnswer(ImpCustomerSchema, item, answer, what));
      }
      if (answer.envelope && answer.envelope.code !== 0) throw rejectionOf(answer, what, false);
      throw errorFromAnswer('UPSTREAM_INVALID_RESPONSE', `${what}: unexpected response`, answer);
    },

    async deleteBillingKey(customerUid, reason, context) {
      const what = `delete billing key ${customerUid}`;
      const answer = await change({
        method: 'DELETE',
        path: path('subscribe/customers', customerUid),
        searchParams: new URLSearchParams(reason === undefined ? {} : { reason }),
        context,
      });
      if (answer.status === 404) return null;
      if (!answer.envelope) {
        throw isSuccess(answer)
          ? errorFromAnswer('OUTCOME_UNKNOWN', `${what}: unexpected response`, answer)
          : rejectionOf(answer, what, false);
      }
      if (answer.envelope.code === 1 && isSuccess(answer)) return null;
      if (answer.envelope.code !== 0) throw rejectionOf(answer, what, true);
      return parseAnswer(ImpCustomerSchema, answer.envelope.response, answer, what);
    },

    payOnetime(input, options, context) {
      const body = compactBody({ ...input, card_number: formatCardNumber(input.card_number) });
      return pay('/subscribe/payments/onetime', body, input, cardSecrets(input), options, context);
    },

    payAgain(input, options, context) {
      return pay('/subscribe/payments/again', compactBody(input), input, [], options, context);
    },

    getPayment,

    findPayment,

    async findAllPayments(merchantUid, context) {
      const what = `payments ${merchantUid}`;
      const payments: ImpPayment[] = [];
      for (let page = 1; page <= MAX_FIND_ALL_PAGES; page++) {
        const request = {
          method: 'GET',
          path: path('payments/findAll', merchantUid),
          searchParams: new URLSearchParams({ page: String(page) }),
          context,
        } as const;
        const found = await lookup(request, ImpPaymentPageSchema, what);
        if (!found) break;
        const { list, next } = found.value;
        for (const item of list) {
          payments.push(parseAnswer(ImpPaymentSchema, item, found.answer, what));
        }
        if (next <= page || list.length === 0) break;
      }
      return payments;
    },

    async cancelPayment(input, context) {
      const what = `cancel ${input.imp_uid ?? input.merchant_uid ?? '(no id)'}`;
      const request = {
        method: 'POST',
        path: '/payments/cancel',
        json: compactBody(input),
        context,
      } as const;
      const checksum = input.checksum;
      // Never retried blindly: without a checksum a repeat could cancel twice.
      let answer: UpstreamAnswer;
      try {
        answer = await authed({ ...request, changesState: true });
      } catch (error) {
        if (!(error instanceof TransportFailure)) throw error;
        if (error.kind === 'refused' || checksum === undefined) {
          const code = error.kind === 'refused' ? 'UPSTREAM_UNAVAILABLE' : 'OUTCOME_UNKNOWN';
          throw errorFromFailure(code, what, error);
        }
        return reconcile.cancel({
          impUid: input.imp_uid,
          merchantUid: input.merchant_uid,
          amount: input.amount,
          checksum,
          reason: reconcileReason(error.kind),
          cause: error,
          context,
        });
      }
      if (!answer.envelope) {
        throw isSuccess(answer)
          ? errorFromAnswer('OUTCOME_UNKNOWN', `${what}: unexpected response`, answer)
          : rejectionOf(answer, what, false);
      }
      if (answer.envelope.code !== 0) throw rejectionOf(answer, what, true);
      return parseAnswer(ImpPaymentSchema, answer.envelope.response, answer, what);
    },
  };
}
