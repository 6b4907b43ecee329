import { classifyOutcome, type Verdict, type VerdictFor } from './classify-outcome.ts';
import { createSend } from './create-send.ts';
import { endpoints, type Endpoint } from './endpoints.ts';
import type {
  AgainPaymentInput,
  CancelPaymentInput,
  IssueBillingKeyInput,
  OnetimePaymentInput,
} from './inputs.ts';
import { judgePayment } from './judge-payment.ts';
import type { IamportCallContext, IamportClientOptions, IamportLogEvent } from './options.ts';
import { createReconciler } from './reconcile.ts';
import { createRetryPolicy } from './retry-policy.ts';
import type { ImpCustomer, ImpPayment, ImpPgSetting } from './schemas.ts';
import { selectTransport } from './select-transport.ts';
import { TokenCache, type FetchedToken } from './token-cache.ts';
import { TransportFailure, type UpstreamOutcome, type UpstreamRequest } from './transport.ts';

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
  /** The PG channels configured in the console (`GET /users/pg`): what `impcard check` reads. */
  listPgSettings(context?: IamportCallContext): Promise<ImpPgSetting[]>;
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

/**
 * i'mport's clock as the client measured it at its last getToken (i'mport's `now` against our
 * clock when the request left). Records' `updated`, `started_at`… are on i'mport's clock: a "did
 * my lost call land" check compares them with its own start translated by this. It is
 * `client.clock`, beside the IamportClient methods rather than one of them: every key of that
 * interface is an i'mport endpoint (see `server/app/metrics/instrument-iamport.ts`).
 */
export interface IamportClock {
  /** i'mport's clock minus ours, in ms; 0 before the first token. */
  readonly skewMs: number;
  /** Our clock reading (ms, default now) translated to i'mport's, in unix seconds. */
  readonly serverSecondsAt: (localMs?: number) => number;
}

const MAX_FIND_ALL_PAGES = 50;

/** A lookup's value, null for "none"; any other verdict is thrown. */
function found<T>(verdict: Verdict<T>): T | null {
  switch (verdict.kind) {
    case 'ok':
      return verdict.value;
    case 'not-found':
      return null;
    default:
      throw verdict.error;
  }
}

/**
 * Creates the client; nothing is sent until the first call. Every answer is read by one
 * classifier (classify-outcome.ts); payment and cancel POSTs are sent once, and a lost answer is
 * looked up, never resent.
 *
 * @example
 * ```ts
 * import { createIamportClient, isIamportError } from 'impcard/iamport';
 *
 * const iamport = createIamportClient({
 *   impKey: process.env.IMP_KEY!,
 *   impSecret: process.env.IMP_SECRET!,
 * });
 * try {
 *   const payment = await iamport.payAgain({
 *     customer_uid: 'user42_card1',
 *     merchant_uid: 'order_1001',
 *     amount: 9900,
 *     name: 'Monthly plan',
 *   });
 *   console.log(payment.imp_uid); // paid, for exactly 9900
 * } catch (e) {
 *   if (isIamportError(e, 'CARD_DECLINED')) console.log(e.upstreamMessage); // the PG's reason
 *   if (isIamportError(e, 'OUTCOME_UNKNOWN')) {
 *     // may have been paid: look it up (findPayment) before anything else
 *   }
 * }
 * ```
 */
export function createIamportClient(
  options: IamportClientOptions,
): IamportClient & { readonly clock: IamportClock } {
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
  const send = createSend({
    transport: selectTransport({
      baseUrl: options.baseUrl ?? 'https://api.iamport.kr',
      timeoutMs: options.timeoutMs ?? 30_000,
      fetch: options.fetch,
    }),
    retry: createRetryPolicy(options.retryLimit ?? 2, options.retryBackoffLimitMs ?? 2_000),
    log,
  });

  async function fetchToken(context?: IamportCallContext): Promise<FetchedToken> {
    const sentAt = now();
    const call = endpoints.getToken(options.impKey, options.impSecret);
    const verdict = classifyOutcome(await send({ ...call, context }), call);
    if (verdict.kind !== 'ok') throw verdict.error;
    const token = verdict.value;
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
  const clock: IamportClock = {
    get skewMs() {
      return tokens.skewMs;
    },
    serverSecondsAt: (localMs) => tokens.serverNowSeconds(localMs),
  };

  /** Sends with the cached token; a 401 did nothing, so it refreshes the token once and resends. */
  async function authed(request: Omit<UpstreamRequest, 'token'>): Promise<UpstreamOutcome> {
    const first = await tokens.get(request.context);
    const outcome = await send({ ...request, token: first });
    if (outcome instanceof TransportFailure || outcome.status !== 401) return outcome;
    if (tokens.invalidate(first)) {
      log({ type: 'token', action: 'invalidated', ...stamp(request.context) });
    }
    const second = await tokens.get(request.context);
    const retried = await send({ ...request, token: second });
    if (!(retried instanceof TransportFailure) && retried.status === 401) tokens.invalidate(second);
    return retried;
  }

  /** Sends `call` and classifies what came back. */
  async function ask<C extends Endpoint>(
    call: C,
    context: IamportCallContext | undefined,
  ): Promise<VerdictFor<C>> {
    const { method, path, searchParams, json, changesState } = call;
    const outcome = await authed({ method, path, searchParams, json, context, changesState });
    return classifyOutcome(outcome, call);
  }

  const getBillingKey = async (customerUid: string, context?: IamportCallContext) =>
    found(await ask(endpoints.getBillingKey(customerUid), context));
  const findPayment = async (merchantUid: string, context?: IamportCallContext) =>
    found(await ask(endpoints.findPayment(merchantUid), context));
  const getPayment = async (impUid: string, context?: IamportCallContext) =>
    found(await ask(endpoints.getPayment(impUid, options.includeSandbox ?? false), context));

  const reconcile = createReconciler({
    findPayment,
    getPayment,
    getBillingKey,
    clock,
    delaysMs: options.reconcileDelaysMs ?? [0, 1_000, 3_000],
    log,
  });

  /** onetime / again: sent once; a lost answer is reconciled by merchant_uid. */
  async function pay(
    call: ReturnType<typeof endpoints.payOnetime | typeof endpoints.payAgain>,
    input: { merchant_uid: string; amount: number },
    payOptions: PayOptions = {},
    context?: IamportCallContext,
  ): Promise<ImpPayment> {
    const localStart = now();
    const verdict = await ask(call, context);
    switch (verdict.kind) {
      case 'ok':
        return judgePayment(verdict.value, input.amount, call.what, call.secrets);
      case 'in-doubt':
        return reconcile.payment({
          merchantUid: input.merchant_uid,
          amount: input.amount,
          localStart,
          secrets: call.secrets,
          knownFailedImpUids: payOptions.knownFailedImpUids,
          context,
          reason: verdict.reason,
          cause: verdict.cause,
        });
      default:
        throw verdict.error;
    }
  }

  return {
    clock,

    async ensureToken(context) {
      await tokens.get(context);
    },

    async issueBillingKey(customerUid, input, context) {
      const localStart = now();
      const verdict = await ask(endpoints.issueBillingKey(customerUid, input), context);
      switch (verdict.kind) {
        case 'ok':
          return verdict.value;
        case 'in-doubt': {
          const { reason, cause } = verdict;
          const cardNumber = input.card_number;
          return reconcile.billingKey({
            customerUid,
            cardNumber,
            localStart,
            context,
            reason,
            cause,
          });
        }
        default:
          throw verdict.error;
      }
    },

    async listPgSettings(context) {
      const verdict = await ask(endpoints.listPgSettings(), context);
      if (verdict.kind !== 'ok') throw verdict.error;
      return verdict.value;
    },

    getBillingKey,

    async getBillingKeys(customerUids, context) {
      if (customerUids.length === 0) return [];
      return found(await ask(endpoints.getBillingKeys(customerUids), context)) ?? [];
    },

    // Not reconciled after a lost answer: a lookup finding no key cannot tell who deleted it.
    async deleteBillingKey(customerUid, reason, context) {
      return found(await ask(endpoints.deleteBillingKey(customerUid, reason), context));
    },

    payOnetime: async (input, payOptions, context) =>
      pay(endpoints.payOnetime(input), input, payOptions, context),

    payAgain: async (input, payOptions, context) =>
      pay(endpoints.payAgain(input), input, payOptions, context),

    getPayment,

    findPayment,

    async findAllPayments(merchantUid, context) {
      const payments: ImpPayment[] = [];
      for (let page = 1; page <= MAX_FIND_ALL_PAGES; page++) {
        const listed = found(await ask(endpoints.findAllPayments(merchantUid, page), context));
        if (!listed) break;
        payments.push(...listed.list);
        if (listed.next <= page || listed.list.length === 0) break;
      }
      return payments;
    },

    async cancelPayment(input, context) {
      const verdict = await ask(endpoints.cancelPayment(input), context);
      const { checksum, imp_uid: impUid, merchant_uid: merchantUid, amount } = input;
      switch (verdict.kind) {
        case 'ok':
          return verdict.value;
        case 'in-doubt': {
          // Only a checksum tells a cancel that landed from one that did not (reconcile.ts), and
          // only a lost answer is looked up: one that came back unreadable keeps its error.
          const { reason, cause } = verdict;
          if (checksum === undefined || cause === undefined) throw verdict.error;
          return reconcile.cancel({
            impUid,
            merchantUid,
            amount,
            cancelReason: input.reason,
            checksum,
            reason,
            cause,
            context,
          });
        }
        default:
          throw verdict.error;
      }
    },
  };
}
