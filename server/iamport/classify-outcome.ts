import * as v from 'valibot';
import { IamportError, type IamportErrorCode } from './errors.ts';
import type { ReconcileReason } from './reconcile.ts';
import { redactCardLike } from './redact.ts';
import type { ImpEnvelope } from './schemas.ts';
import { TransportFailure, type UpstreamAnswer, type UpstreamOutcome } from './transport.ts';

/** What the client knows about a call before its answer comes: how to read that answer. */
export interface CallShape<S extends v.GenericSchema> {
  /** Names the call in error messages: ids only, never card data. */
  what: string;
  /**
   * May the call have taken effect upstream (billing-key issue and delete, payments, cancel)?
   * Then a lost or unreadable answer is in doubt, and code -1 is the PG's refusal.
   */
  changesState: boolean;
  /** The `response` of a code-0 answer. */
  schema: S;
  /**
   * Lookups: 404 means "none", and so does a 2xx with `code` when given (i'mport answers an
   * unknown billing key both ways).
   */
  notFound?: { code?: number };
  /** getToken: it presents the API keys, so a 401/403 or any non-zero code refuses them. */
  credentials?: boolean;
  /**
   * Multi lookups: a 207 may carry the records found beside a non-zero code, so a list in
   * `response` is read whatever the code.
   */
  partial?: boolean;
  /** Card values sent with the call, redacted from i'mport's message. */
  secrets?: readonly string[];
}

/**
 * Every i'mport answer or failure, read once. Callers switch on `kind`; each non-ok variant but
 * not-found carries the error to throw when the caller has nothing better to do.
 */
export type Verdict<T> =
  /** code 0 (or a multi lookup's list) with a `response` that fits the schema. */
  | { kind: 'ok'; value: T }
  /** A lookup found nothing: 404, or 2xx with the call's not-found code. */
  | { kind: 'not-found' }
  /**
   * i'mport answered and refused: a non-zero code (a PG error or an expired card on a
   * state-changing call, the keys on getToken), or a 4xx without an envelope.
   */
  | {
      kind: 'rejected';
      upstreamCode: number | undefined;
      upstreamMessage: string | undefined;
      error: IamportError;
    }
  /**
   * A state-changing call that may have taken effect: sent and not answered (timeout, reset, 5xx)
   * or answered unreadably. Reconcile by looking the record up; never send it again blindly.
   */
  | {
      kind: 'in-doubt';
      reason: ReconcileReason;
      cause: TransportFailure | undefined;
      error: IamportError;
    }
  /**
   * Nothing happened: connection refused, any failure of a call that changes nothing, a 429 on
   * such a call, a 401 after the token refresh. The error says which.
   */
  | { kind: 'unavailable'; error: IamportError };

// i'mport reports an expired card through the PG's text only; these words are what the PGs use.
const EXPIRED_CARD_TEXT = /유효기간|expired/i;

/** i'mport's message as we pass it on: text, redacted, undefined when empty. */
function upstreamMessage(
  envelope: ImpEnvelope | undefined,
  secrets: readonly string[] = [],
): string | undefined {
  const message = envelope?.message;
  if (message === undefined || message === null || message === '') return undefined;
  return redactCardLike(typeof message === 'string' ? message : JSON.stringify(message), secrets);
}

function answerError(
  code: IamportErrorCode,
  message: string,
  answer: UpstreamAnswer,
  secrets?: readonly string[],
): IamportError {
  return new IamportError(code, message, {
    upstreamCode: answer.envelope?.code,
    upstreamMessage: upstreamMessage(answer.envelope, secrets),
    httpStatus: answer.status,
  });
}

function failureError(code: IamportErrorCode, what: string, failure: TransportFailure) {
  return new IamportError(code, `${what}: ${failure.message}`, {
    httpStatus: failure.httpStatus,
    cause: failure,
  });
}

function rejected(
  code: IamportErrorCode,
  message: string,
  answer: UpstreamAnswer,
  secrets?: readonly string[],
): Verdict<never> {
  const error = answerError(code, message, answer, secrets);
  return {
    kind: 'rejected',
    upstreamCode: error.upstreamCode,
    upstreamMessage: error.upstreamMessage,
    error,
  };
}

function doubtReason(failure: TransportFailure): ReconcileReason {
  return failure.kind === 'timeout' ? 'timeout' : failure.kind === 'http' ? 'http' : 'network';
}

/** The first field a schema refused, by name only: its input may be anything upstream sent. */
function refusedField(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues[0]?.path?.map((p) => String(p.key)).join('.') ?? 'response';
}

/** The verdicts a call can get: not-found only for a lookup (one with `notFound`). */
export type VerdictFor<C extends CallShape<v.GenericSchema>> = C extends { notFound: object }
  ? Verdict<v.InferOutput<C['schema']>>
  : Exclude<Verdict<v.InferOutput<C['schema']>>, { kind: 'not-found' }>;

/** Reads `outcome` (what `send()` resolved with, after any token refresh) for `call`. */
export function classifyOutcome<C extends CallShape<v.GenericSchema>>(
  outcome: UpstreamOutcome,
  call: C,
): VerdictFor<C> {
  return classify(outcome, call) as VerdictFor<C>;
}

function classify(outcome: UpstreamOutcome, call: CallShape<v.GenericSchema>): Verdict<unknown> {
  const { what, changesState, secrets } = call;

  if (outcome instanceof TransportFailure) {
    if (!changesState || outcome.kind === 'refused') {
      return { kind: 'unavailable', error: failureError('UPSTREAM_UNAVAILABLE', what, outcome) };
    }
    return {
      kind: 'in-doubt',
      reason: doubtReason(outcome),
      cause: outcome,
      error: failureError('OUTCOME_UNKNOWN', what, outcome),
    };
  }

  const answer = outcome;
  const { status, envelope } = answer;
  const success = status >= 200 && status < 300;
  if (call.credentials && (status === 401 || status === 403)) {
    const message = `${what}: key or secret refused`;
    return { kind: 'unavailable', error: answerError('UPSTREAM_AUTH_FAILED', message, answer) };
  }
  // The client refreshed the token after a first 401: a second one is the keys' fault.
  if (status === 401) {
    const message = `${what}: still 401 after a token refresh`;
    return { kind: 'unavailable', error: answerError('UPSTREAM_AUTH_FAILED', message, answer) };
  }
  if (status === 429 && !changesState) {
    const message = `${what}: HTTP 429, too many requests`;
    return { kind: 'unavailable', error: answerError('UPSTREAM_UNAVAILABLE', message, answer) };
  }
  if (status === 404 && call.notFound) return { kind: 'not-found' };

  if (!envelope) {
    if (!success) {
      const message = `${what}: HTTP ${status} without an i'mport envelope`;
      return rejected('UPSTREAM_REJECTED', message, answer, secrets);
    }
    const message = `${what}: unexpected response`;
    return changesState
      ? {
          kind: 'in-doubt',
          reason: 'invalid_response',
          cause: undefined,
          error: answerError('OUTCOME_UNKNOWN', message, answer, secrets),
        }
      : {
          kind: 'unavailable',
          error: answerError('UPSTREAM_INVALID_RESPONSE', message, answer, secrets),
        };
  }

  const readable = envelope.code === 0 || (call.partial && Array.isArray(envelope.response));
  if (!readable) {
    if (success && call.notFound?.code === envelope.code) return { kind: 'not-found' };
    const message = `${what}: i'mport answered code ${envelope.code}`;
    if (call.credentials) return rejected('UPSTREAM_AUTH_FAILED', message, answer, secrets);
    if (changesState && envelope.code === -1) {
      const expired = EXPIRED_CARD_TEXT.test(upstreamMessage(envelope, secrets) ?? '');
      return expired
        ? rejected('CARD_DECLINED', `${what}: the card is expired`, answer, secrets)
        : rejected('PG_ERROR', `${what}: the PG reported an error`, answer, secrets);
    }
    return rejected('UPSTREAM_REJECTED', message, answer, secrets);
  }

  const parsed = v.safeParse(call.schema, envelope.response);
  if (parsed.success) return { kind: 'ok', value: parsed.output };
  const error = answerError(
    'UPSTREAM_INVALID_RESPONSE',
    `${what}: unexpected response (${refusedField(parsed.issues)})`,
    answer,
    secrets,
  );
  // code 0 on a state-changing call: it was processed, but the answer does not say into what.
  return changesState
    ? { kind: 'in-doubt', reason: 'invalid_response', cause: undefined, error }
    : { kind: 'unavailable', error };
}
