import { createSend } from '../iamport/create-send.ts';
import type {
  IamportCallContext,
  IamportLogEvent,
  IamportReconcileLogEvent,
} from '../iamport/options.ts';
import type { ReconcileReason } from '../iamport/reconcile.ts';
import { redactCardLike } from '../iamport/redact.ts';
import { createRetryPolicy } from '../iamport/retry-policy.ts';
import { selectTransport } from '../iamport/select-transport.ts';
import type { UpstreamRequest } from '../iamport/transport.ts';
import { landedSince } from '../upstream/landed-since.ts';
import { UpstreamError } from '../upstream/upstream-error.ts';
import {
  classifyPortOne,
  isPortOneAnswer,
  type PortOneCallShape,
  type PortOneVerdict,
} from './classify-outcome.ts';
import { BILLING_KEYS_PAGE_SIZE, portOneEndpoints, type PortOneEndpoint } from './endpoints.ts';
import type {
  PortOneBillingKeyPaymentInput,
  PortOneCancelInput,
  PortOneInstantPaymentInput,
  PortOneIssueBillingKeyInput,
} from './inputs.ts';
import type { PortOneClientOptions } from './options.ts';
import {
  secondsOf,
  type PortOneBillingKeyInfo,
  type PortOneCancellation,
  type PortOnePayment,
} from './schemas.ts';
import type * as v from 'valibot';

/** A billing key just issued: PortOne's reference, and what the answer or a lookup said of it. */
export interface PortOneIssuedKey {
  billingKey: string;
  /** Unix seconds (PortOne's clock); 0 when not said. */
  issuedAt: number;
  pgProvider: string | null;
  /** Known when the key was found by a lookup (a reconciled issue); else null. */
  cardNumber: string | null;
  cardName: string | null;
}

/** What names a POST's attempt: never sent upstream, but mixed into its Idempotency-Key. */
export interface PortOneAttempt {
  /**
   * The attempt this call belongs to (the Idempotency-Key the widget or the merchant sent, with
   * its intent): a resend of the same attempt is replayed by PortOne, a new attempt (after a
   * decline, say) is done anew. Absent: the request alone names it, so an identical request is
   * replayed for PortOne's 3 hours, a decline included.
   */
  attempt?: string | undefined;
}

/** What the caller knows about earlier attempts under a paymentId; never sent upstream. */
export interface PortOnePayOptions extends PortOneAttempt {
  /** Failed attempts already answered: a lookup finding one of them keeps looking. */
  knownFailedTransactionIds?: readonly string[] | undefined;
}

/** Typed access to PortOne's V2 REST API for card billing keys and key-in payments. */
export interface PortOneClient {
  /**
   * Issues a new billing key (V2 has no upsert: every issue is a new key). A lost answer is
   * looked up among the customer's keys (`customer.id` is required for that) before it rejects
   * OUTCOME_UNKNOWN.
   */
  issueBillingKey(
    input: PortOneIssueBillingKeyInput,
    options?: PortOneAttempt,
    context?: IamportCallContext,
  ): Promise<PortOneIssuedKey>;
  /** Resolves only for `PAID` with `amount.total` as asked (read back after the 200). */
  payInstantly(
    paymentId: string,
    input: PortOneInstantPaymentInput,
    options?: PortOnePayOptions,
    context?: IamportCallContext,
  ): Promise<PortOnePayment>;
  /** Resolves only for `PAID` with `amount.total` as asked (read back after the 200). */
  payWithBillingKey(
    paymentId: string,
    input: PortOneBillingKeyPaymentInput,
    options?: PortOnePayOptions,
    context?: IamportCallContext,
  ): Promise<PortOnePayment>;
  /** null when PortOne knows no such payment (404 PAYMENT_NOT_FOUND). */
  getPayment(paymentId: string, context?: IamportCallContext): Promise<PortOnePayment | null>;
  /** null when unknown (404 BILLING_KEY_NOT_FOUND); a deleted key comes back `DELETED`. */
  getBillingKey(
    billingKey: string,
    context?: IamportCallContext,
  ): Promise<PortOneBillingKeyInfo | null>;
  /** The keys recorded with `customer.id === customerId`, every page. */
  listBillingKeys(
    filter: { customerId: string; status?: ('ISSUED' | 'DELETED')[] | undefined },
    context?: IamportCallContext,
  ): Promise<PortOneBillingKeyInfo[]>;
  /** null when there was no key left to delete (not found, never issued, already deleted). */
  deleteBillingKey(
    billingKey: string,
    reason?: string,
    context?: IamportCallContext,
  ): Promise<{ deletedAt: number } | null>;
  /**
   * Sent once, never reconciled here: a lost answer rejects OUTCOME_UNKNOWN, and the caller reads
   * the payment's cancellations (refund-once.ts does, by its mark on the reason).
   */
  cancelPayment(
    paymentId: string,
    input: PortOneCancelInput,
    options?: PortOneAttempt,
    context?: IamportCallContext,
  ): Promise<PortOneCancellation>;
  /** Resolves when PortOne accepts the secret (a lookup of a payment that does not exist). */
  ensureReady(context?: IamportCallContext): Promise<void>;
}

const MAX_LIST_PAGES = 20;
const READINESS_PAYMENT_ID = 'impcard-readiness-probe';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A lookup's value, null for "none"; any other verdict is thrown. */
function found<T>(verdict: PortOneVerdict<T>): T | null {
  if (verdict.kind === 'ok') return verdict.value;
  if (verdict.kind === 'not-found') return null;
  throw verdict.error;
}

const HEX = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Creates the client; nothing is sent until the first call. Every answer is read by one classifier
 * (classify-outcome.ts, its table of V2 error types). Every POST carries an `Idempotency-Key`
 * derived from the request itself (an HMAC of method, path and body under the API secret), so the
 * same request sent again, by a retry of the same intent, is replayed by PortOne instead of done
 * twice, and another request never shares a key. POSTs are still sent once per call: a lost answer
 * is looked up (the payment by its paymentId, a key among the customer's), never resent blindly.
 *
 * @example
 * ```ts
 * const portone = createPortOneClient({ apiSecret: process.env.PORTONE_API_SECRET! });
 * const payment = await portone.payWithBillingKey('order1001', {
 *   billingKey: 'billing-key-…',
 *   orderName: 'Monthly plan',
 *   amount: { total: 9900 },
 *   currency: 'KRW',
 * });
 * console.log(payment.transactionId); // paid, for exactly 9900
 * ```
 */
export function createPortOneClient(options: PortOneClientOptions): PortOneClient {
  if (typeof options.apiSecret !== 'string' || options.apiSecret === '') {
    throw new TypeError('PortOne V2 needs its API secret (apiSecret)');
  }
  const now = options.now ?? Date.now;
  const log = (event: IamportLogEvent): void => {
    try {
      options.logger?.(event);
    } catch {
      // A failing logger must not turn a payment into an error.
    }
  };
  const send = createSend({
    transport: selectTransport({
      baseUrl: options.baseUrl ?? 'https://api.portone.io',
      timeoutMs: options.timeoutMs ?? 30_000,
      fetch: options.fetch,
    }),
    retry: createRetryPolicy(options.retryLimit ?? 2, options.retryBackoffLimitMs ?? 2_000),
    log,
    isAnswer: isPortOneAnswer,
  });
  const endpoints = portOneEndpoints(options.storeId);
  const authorization = `PortOne ${options.apiSecret}`;
  const delaysMs = options.reconcileDelaysMs ?? [0, 1_000, 3_000];
  let hmacKey: Promise<CryptoKey> | undefined;

  /** `"impcard-<hex>"`: an RFC 8941 string of 72 characters, as PortOne's API page asks. */
  async function idempotencyKey(
    request: Pick<UpstreamRequest, 'method' | 'path' | 'json'>,
    attempt: string | undefined,
  ) {
    hmacKey ??= crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(options.apiSecret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const signed = await crypto.subtle.sign(
      'HMAC',
      await hmacKey,
      new TextEncoder().encode(
        `${attempt ?? ''}\n${request.method} ${request.path}\n${JSON.stringify(request.json)}`,
      ),
    );
    return `"impcard-${HEX(signed)}"`;
  }

  async function ask<S extends v.GenericSchema>(
    call: PortOneEndpoint & PortOneCallShape<S>,
    context: IamportCallContext | undefined,
    attempt?: string,
  ): Promise<PortOneVerdict<v.InferOutput<S>>> {
    const headers: Record<string, string> = { authorization };
    if (call.method === 'POST') headers['idempotency-key'] = await idempotencyKey(call, attempt);
    const { method, path, searchParams, json, changesState, logPath } = call;
    const outcome = await send({
      method,
      path,
      searchParams,
      json,
      changesState,
      logPath,
      headers,
      context,
    });
    return classifyPortOne(outcome, call);
  }

  const logReconcile = (
    context: IamportCallContext | undefined,
    kind: IamportReconcileLogEvent['kind'],
    id: string,
    reason: ReconcileReason,
    result: IamportReconcileLogEvent['result'],
  ) =>
    log({
      type: 'reconcile',
      kind,
      id,
      reason,
      result,
      ...(context?.requestId ? { requestId: context.requestId } : {}),
    });

  const getPayment = async (paymentId: string, context?: IamportCallContext) =>
    found(await ask(endpoints.getPayment(paymentId), context));

  /** Only `PAID` with the asked total is approval; FAILED is the decline, anything else unknown. */
  function judge(payment: PortOnePayment, total: number, what: string, secrets: readonly string[]) {
    if (payment.status === 'PAID') {
      if (payment.amount.total === total) return payment;
      throw new UpstreamError(
        'AMOUNT_MISMATCH',
        `${what}: paid ${payment.amount.total} where ${total} was asked`,
        { transactionId: payment.transactionId },
      );
    }
    if (payment.status === 'FAILED') {
      const text = payment.failure?.pgMessage ?? payment.failure?.reason;
      throw new UpstreamError('CARD_DECLINED', `${what}: the card was declined`, {
        transactionId: payment.transactionId,
        upstreamCode: 'PG_PROVIDER',
        pgCode: payment.failure?.pgCode ?? undefined,
        upstreamMessage: text ? redactCardLike(text, secrets) : undefined,
      });
    }
    throw new UpstreamError(
      'OUTCOME_UNKNOWN',
      `${what}: payment is ${payment.statusRaw}, not paid or failed`,
      { transactionId: payment.transactionId },
    );
  }

  /**
   * A payment POST whose answer was lost: PortOne accepts one paid payment per paymentId, so it is
   * looked up (again a little later after a timeout or reset, PortOne may still be waiting for the
   * PG). A failed attempt that is older than the POST, or already answered, is not this one's.
   */
  async function reconcilePayment(
    paymentId: string,
    total: number,
    lost: { reason: ReconcileReason; error: UpstreamError; localStart: number },
    payOptions: PortOnePayOptions,
    secrets: readonly string[],
    context: IamportCallContext | undefined,
  ): Promise<PortOnePayment> {
    const what = `payment ${paymentId}`;
    const mayStillLand = lost.reason === 'timeout' || lost.reason === 'network';
    for (const delay of mayStillLand && delaysMs.length > 0 ? delaysMs : [0]) {
      if (delay > 0) await sleep(delay);
      let payment: PortOnePayment | null;
      try {
        payment = await getPayment(paymentId, context);
      } catch (error) {
        logReconcile(context, 'payment', paymentId, lost.reason, 'unknown');
        throw new UpstreamError(
          'OUTCOME_UNKNOWN',
          `${what}: outcome unknown (${lost.reason}), lookup failed`,
          { cause: error },
        );
      }
      if (payment === null || (payment.status !== 'PAID' && payment.status !== 'FAILED')) continue;
      const requested = secondsOf(payment.requestedAt);
      const earlier = requested > 0 && !landedSince(requested, lost.localStart, undefined);
      const known = payOptions.knownFailedTransactionIds?.includes(payment.transactionId) ?? false;
      if ((earlier || known) && payment.status !== 'PAID') continue;
      try {
        const paid = judge(payment, total, what, secrets);
        logReconcile(context, 'payment', paymentId, lost.reason, 'paid');
        return paid;
      } catch (error) {
        const code = (error as UpstreamError).code;
        const result =
          code === 'CARD_DECLINED'
            ? 'declined'
            : code === 'AMOUNT_MISMATCH'
              ? 'mismatch'
              : 'unknown';
        logReconcile(context, 'payment', paymentId, lost.reason, result);
        throw error;
      }
    }
    logReconcile(context, 'payment', paymentId, lost.reason, 'not_found');
    throw new UpstreamError(
      mayStillLand ? 'OUTCOME_UNKNOWN' : 'UPSTREAM_UNAVAILABLE',
      `${what}: not recorded upstream yet (${lost.reason}); retry with the same paymentId only`,
      { cause: lost.error },
    );
  }

  async function pay(
    call: ReturnType<typeof endpoints.payInstantly | typeof endpoints.payWithBillingKey>,
    paymentId: string,
    total: number,
    payOptions: PortOnePayOptions = {},
    context?: IamportCallContext,
  ): Promise<PortOnePayment> {
    const localStart = now();
    const verdict = await ask(call, context, payOptions.attempt);
    switch (verdict.kind) {
      case 'ok': {
        // 200 is approval, but names no transaction or card: the record says which, and how much.
        const payment = await getPayment(paymentId, context).catch(() => null);
        if (payment) return judge(payment, total, call.what, call.secrets);
        throw new UpstreamError(
          'OUTCOME_UNKNOWN',
          `${call.what}: approved, but the payment could not be read back`,
        );
      }
      case 'in-doubt':
        return reconcilePayment(
          paymentId,
          total,
          { ...verdict, localStart },
          payOptions,
          call.secrets,
          context,
        );
      case 'not-found':
        throw new UpstreamError('UPSTREAM_REJECTED', `${call.what}: not found`);
      default:
        throw verdict.error;
    }
  }

  async function listBillingKeys(
    filter: { customerId: string; status?: ('ISSUED' | 'DELETED')[] | undefined },
    context?: IamportCallContext,
  ): Promise<PortOneBillingKeyInfo[]> {
    const keys: PortOneBillingKeyInfo[] = [];
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const listed = found(await ask(endpoints.listBillingKeys(filter, page), context));
      if (!listed) break;
      keys.push(...listed.items);
      const total = listed.page?.totalCount ?? 0;
      if (listed.items.length < BILLING_KEYS_PAGE_SIZE || keys.length >= total) break;
    }
    return keys;
  }

  return {
    async issueBillingKey(input, attempt, context) {
      const localStart = now();
      const call = endpoints.issueBillingKey(input);
      const verdict = await ask(call, context, attempt?.attempt);
      if (verdict.kind === 'ok') {
        const info = verdict.value.billingKeyInfo;
        return {
          billingKey: info.billingKey,
          issuedAt: secondsOf(info.issuedAt),
          pgProvider: info.channels?.[0]?.pgProvider ?? null,
          cardNumber: null,
          cardName: null,
        };
      }
      if (verdict.kind !== 'in-doubt') {
        throw verdict.kind === 'not-found'
          ? new UpstreamError('UPSTREAM_REJECTED', `${call.what}: not found`)
          : verdict.error;
      }
      // No business key to look it up by: the customer's keys issued since, for this card.
      const customerId = input.customer?.id;
      const last4 = input.credential.number.slice(-4);
      const what = call.what;
      if (customerId !== undefined) {
        let keys: PortOneBillingKeyInfo[];
        try {
          keys = await listBillingKeys({ customerId, status: ['ISSUED'] }, context);
        } catch (error) {
          logReconcile(context, 'billing_key', customerId, verdict.reason, 'unknown');
          throw new UpstreamError('OUTCOME_UNKNOWN', `${what}: outcome unknown, lookup failed`, {
            cause: error,
          });
        }
        const landed = keys.find((key) => {
          const card = key.methods?.find((m) => m.card)?.card;
          const masked = card?.number ?? '';
          const sameCard = !/\d{4}$/.test(masked) || masked.endsWith(last4);
          const issued = secondsOf(key.issuedAt);
          return sameCard && issued > 0 && landedSince(issued, localStart, undefined);
        });
        if (landed) {
          logReconcile(context, 'billing_key', customerId, verdict.reason, 'issued');
          const card = landed.methods?.find((m) => m.card)?.card;
          return {
            billingKey: landed.billingKey,
            issuedAt: secondsOf(landed.issuedAt),
            pgProvider: landed.channels?.[0]?.pgProvider ?? null,
            cardNumber: card?.number ?? null,
            cardName: card?.name ?? null,
          };
        }
        logReconcile(context, 'billing_key', customerId, verdict.reason, 'not_found');
      }
      const mayStillLand = verdict.reason === 'timeout' || verdict.reason === 'network';
      throw new UpstreamError(
        mayStillLand || customerId === undefined ? 'OUTCOME_UNKNOWN' : 'UPSTREAM_UNAVAILABLE',
        `${what}: not issued upstream yet (${verdict.reason})`,
        { cause: verdict.error },
      );
    },

    payInstantly: (paymentId, input, payOptions, context) =>
      pay(
        endpoints.payInstantly(paymentId, input),
        paymentId,
        input.amount.total,
        payOptions,
        context,
      ),

    payWithBillingKey: (paymentId, input, payOptions, context) =>
      pay(
        endpoints.payWithBillingKey(paymentId, input),
        paymentId,
        input.amount.total,
        payOptions,
        context,
      ),

    getPayment,

    getBillingKey: async (billingKey, context) =>
      found(await ask(endpoints.getBillingKey(billingKey), context)),

    listBillingKeys,

    async deleteBillingKey(billingKey, reason, context) {
      const deleted = found(await ask(endpoints.deleteBillingKey(billingKey, reason), context));
      return deleted && { deletedAt: secondsOf(deleted.deletedAt) };
    },

    async cancelPayment(paymentId, input, attempt, context) {
      const call = endpoints.cancelPayment(paymentId, input);
      const verdict = await ask(call, context, attempt?.attempt);
      if (verdict.kind === 'ok') return verdict.value.cancellation;
      if (verdict.kind === 'not-found') {
        throw new UpstreamError('UPSTREAM_REJECTED', `cancel ${paymentId}: not found`);
      }
      throw verdict.error;
    },

    async ensureReady(context) {
      // Any answer but a refusal of the secret will do: the probe's payment does not exist.
      await getPayment(READINESS_PAYMENT_ID, context);
    },
  };
}
