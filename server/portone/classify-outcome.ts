import * as v from 'valibot';
import type { ReconcileReason } from '../iamport/reconcile.ts';
import { redactCardLike } from '../iamport/redact.ts';
import {
  TransportFailure,
  type UpstreamAnswer,
  type UpstreamOutcome,
  type WireAnswer,
} from '../iamport/transport.ts';
import { UpstreamError, type UpstreamErrorCode } from '../upstream/upstream-error.ts';
import { PortOneErrorBodySchema, type PortOneErrorBody } from './schemas.ts';

/** What the client knows about a call before its answer comes: how to read that answer. */
export interface PortOneCallShape<S extends v.GenericSchema> {
  /** Names the call in error messages: ids only, never card data or a billing key. */
  what: string;
  /** May the call have taken effect (issue, pay, delete, cancel)? Then a lost answer is in doubt. */
  changesState: boolean;
  /** The 2xx body. */
  schema: S;
  /** Error types that mean "none" for this call: a lookup's not-found. */
  notFound?: readonly string[];
  /** Issue and pay: a PG_PROVIDER refusal is the card's decline (else the PG's error). */
  declines?: boolean;
  /** Card values sent with the call, redacted from PortOne's and the PG's messages. */
  secrets?: readonly string[];
}

/** The classified answer, as V1's classifier gives it (server/iamport/classify-outcome.ts). */
export type PortOneVerdict<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'not-found' }
  | { kind: 'rejected'; type: string | undefined; error: UpstreamError }
  | { kind: 'in-doubt'; reason: ReconcileReason; error: UpstreamError }
  | { kind: 'unavailable'; error: UpstreamError };

type Rule = readonly [
  status: number,
  outcome: 'rejected' | 'unavailable' | 'in-doubt',
  code: UpstreamErrorCode,
];

/**
 * V2's error types on the calls impcard makes, each decided once: `[its documented HTTP status,
 * outcome, our code]` (statuses: `x-portone-status-code` in the OpenAPI document; the
 * Idempotency-Key's 409 from its API page). A type not here is read by its HTTP status
 * ({@link byStatus}); a lookup's own not-found types come from its call shape.
 */
export const ERROR_TYPES: Readonly<Record<string, Rule>> = {
  // Our credentials or configuration: nothing happened, and retrying will not help until fixed.
  UNAUTHORIZED: [401, 'unavailable', 'UPSTREAM_AUTH_FAILED'],
  FORBIDDEN: [403, 'unavailable', 'UPSTREAM_AUTH_FAILED'],
  // The PG refused (a decline: pgCode/pgMessage kept), or every channel of a group did.
  PG_PROVIDER: [502, 'rejected', 'CARD_DECLINED'],
  CHANNEL_SPECIFIC: [502, 'rejected', 'PG_ERROR'],
  // Refusals: nothing happened. ALREADY_PAID is the re-query path (payOnce looks the payment up).
  INVALID_REQUEST: [400, 'rejected', 'UPSTREAM_REJECTED'],
  CHANNEL_NOT_FOUND: [404, 'rejected', 'UPSTREAM_REJECTED'],
  ALREADY_PAID: [409, 'rejected', 'UPSTREAM_REJECTED'],
  MAX_TRANSACTION_COUNT_REACHED: [400, 'rejected', 'UPSTREAM_REJECTED'],
  PAYMENT_SCHEDULE_ALREADY_EXISTS: [409, 'rejected', 'UPSTREAM_REJECTED'],
  PROMOTION_PAY_METHOD_DOES_NOT_MATCH: [400, 'rejected', 'UPSTREAM_REJECTED'],
  DISCOUNT_AMOUNT_EXCEEDS_TOTAL_AMOUNT: [400, 'rejected', 'UPSTREAM_REJECTED'],
  SUM_OF_PARTS_EXCEEDS_TOTAL_AMOUNT: [409, 'rejected', 'UPSTREAM_REJECTED'],
  BILLING_KEY_NOT_FOUND: [404, 'rejected', 'UPSTREAM_REJECTED'],
  BILLING_KEY_ALREADY_DELETED: [409, 'rejected', 'UPSTREAM_REJECTED'],
  BILLING_KEY_NOT_ISSUED: [404, 'rejected', 'UPSTREAM_REJECTED'],
  PAYMENT_NOT_FOUND: [404, 'rejected', 'UPSTREAM_REJECTED'],
  // Cancel: a stale checksum (currentCancellableAmount), too much, nothing to cancel.
  CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN: [409, 'rejected', 'UPSTREAM_REJECTED'],
  CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT: [409, 'rejected', 'UPSTREAM_REJECTED'],
  CANCEL_TAX_AMOUNT_EXCEEDS_CANCELLABLE_TAX_AMOUNT: [409, 'rejected', 'UPSTREAM_REJECTED'],
  CANCEL_TAX_FREE_AMOUNT_EXCEEDS_CANCELLABLE_TAX_FREE_AMOUNT: [
    409,
    'rejected',
    'UPSTREAM_REJECTED',
  ],
  SUM_OF_PARTS_EXCEEDS_CANCEL_AMOUNT: [409, 'rejected', 'UPSTREAM_REJECTED'],
  PAYMENT_ALREADY_CANCELLED: [409, 'rejected', 'UPSTREAM_REJECTED'],
  PAYMENT_NOT_PAID: [409, 'rejected', 'UPSTREAM_REJECTED'],
  MAX_CANCEL_COUNT_REACHED: [409, 'rejected', 'UPSTREAM_REJECTED'],
  NEGATIVE_PROMOTION_ADJUSTED_CANCEL_AMOUNT: [400, 'rejected', 'UPSTREAM_REJECTED'],
  PROMOTION_DISCOUNT_RETAIN_OPTION_SHOULD_NOT_BE_CHANGED: [400, 'rejected', 'UPSTREAM_REJECTED'],
  // The first request under this Idempotency-Key is still running: it may yet land.
  IDEMPOTENCY_OUTSTANDING_REQUEST: [409, 'in-doubt', 'OUTCOME_UNKNOWN'],
};

/** The 5xx answers that are PortOne's own (typed refusals), not a failure standing for one. */
const TYPED_5XX = new Set(
  Object.entries(ERROR_TYPES)
    .filter(([, [status]]) => status >= 500)
    .map(([type]) => type),
);

function errorBodyOf(body: unknown): PortOneErrorBody | undefined {
  const parsed = v.safeParse(PortOneErrorBodySchema, body);
  return parsed.success ? parsed.output : undefined;
}

/** For the transport: which HTTP answers are read (below 500, or a typed 5xx refusal). */
export function isPortOneAnswer(answer: WireAnswer): boolean {
  if (answer.status < 500) return true;
  try {
    const type = errorBodyOf(JSON.parse(answer.text))?.type;
    return type !== undefined && TYPED_5XX.has(type);
  } catch {
    return false;
  }
}

const redacted = (text: string | null | undefined, secrets: readonly string[] = []) =>
  text ? redactCardLike(text, secrets) : undefined;

function refusal(
  code: UpstreamErrorCode,
  message: string,
  answer: UpstreamAnswer,
  body: PortOneErrorBody | undefined,
  secrets?: readonly string[],
): UpstreamError {
  // The PG's text explains a decline to the card holder; PortOne's own otherwise.
  const upstreamMessage = redacted(body?.pgMessage ?? body?.message, secrets);
  return new UpstreamError(code, message, {
    upstreamCode: body?.type,
    upstreamMessage,
    pgCode: body?.pgCode ?? undefined,
    httpStatus: answer.status,
  });
}

/** A type the table does not know, or no typed body: its HTTP status decides. */
function byStatus(status: number, changesState: boolean): Rule {
  if (status === 401 || status === 403) return [status, 'unavailable', 'UPSTREAM_AUTH_FAILED'];
  // Too many requests: refused before anything was done.
  if (status === 429) return [status, 'unavailable', 'UPSTREAM_UNAVAILABLE'];
  // A 5xx answer read as one (isPortOneAnswer lets only the table's through): never reached here.
  if (status >= 500) {
    return changesState
      ? [status, 'in-doubt', 'OUTCOME_UNKNOWN']
      : [status, 'unavailable', 'UPSTREAM_UNAVAILABLE'];
  }
  return [status, 'rejected', 'UPSTREAM_REJECTED'];
}

function doubtReason(failure: TransportFailure): ReconcileReason {
  return failure.kind === 'timeout' ? 'timeout' : failure.kind === 'http' ? 'http' : 'network';
}

/** Reads `outcome` (what `send()` resolved with) for `call`: every V2 answer, read once. */
export function classifyPortOne<S extends v.GenericSchema>(
  outcome: UpstreamOutcome,
  call: PortOneCallShape<S>,
): PortOneVerdict<v.InferOutput<S>> {
  const { what, changesState, secrets } = call;

  if (outcome instanceof TransportFailure) {
    const error = (code: UpstreamErrorCode) =>
      new UpstreamError(code, `${what}: ${outcome.message}`, {
        httpStatus: outcome.httpStatus,
        cause: outcome,
      });
    if (!changesState || outcome.kind === 'refused') {
      return { kind: 'unavailable', error: error('UPSTREAM_UNAVAILABLE') };
    }
    return { kind: 'in-doubt', reason: doubtReason(outcome), error: error('OUTCOME_UNKNOWN') };
  }

  const answer = outcome;
  if (answer.status >= 200 && answer.status < 300) {
    const parsed = v.safeParse(call.schema, answer.body);
    if (parsed.success) return { kind: 'ok', value: parsed.output };
    const field = parsed.issues[0]?.path?.map((p) => String(p.key)).join('.') ?? 'body';
    const error = new UpstreamError(
      changesState ? 'OUTCOME_UNKNOWN' : 'UPSTREAM_INVALID_RESPONSE',
      `${what}: unexpected response (${field})`,
      { httpStatus: answer.status },
    );
    // Processed, but the answer does not say into what: look it up.
    return changesState
      ? { kind: 'in-doubt', reason: 'invalid_response', error }
      : { kind: 'unavailable', error };
  }

  const body = errorBodyOf(answer.body);
  const type = body?.type;
  if (type !== undefined && call.notFound?.includes(type)) return { kind: 'not-found' };
  const known = type === undefined ? undefined : ERROR_TYPES[type];
  const [, outcomeKind, tableCode] = known ?? byStatus(answer.status, changesState);
  const code = type === 'PG_PROVIDER' && !call.declines ? 'PG_ERROR' : tableCode;
  const message = `${what}: PortOne answered ${answer.status}${type ? ` ${type}` : ''}`;
  const error = refusal(code, message, answer, body, secrets);
  switch (outcomeKind) {
    case 'rejected':
      return { kind: 'rejected', type, error };
    case 'in-doubt':
      return changesState
        ? { kind: 'in-doubt', reason: 'http', error }
        : { kind: 'unavailable', error: refusal('UPSTREAM_UNAVAILABLE', message, answer, body) };
    default:
      return { kind: 'unavailable', error };
  }
}
