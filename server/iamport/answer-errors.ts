import * as v from 'valibot';
import { IamportError, type IamportErrorCode } from './errors.ts';
import { redactCardLike } from './redact.ts';
import type { ImpEnvelope, ImpPayment } from './schemas.ts';
import type { TransportFailure, UpstreamAnswer } from './transport.ts';

// i'mport reports an expired card through the PG's text only; these words are what the PGs use.
const EXPIRED_CARD_TEXT = /유효기간|expired/i;

export const isSuccess = (answer: UpstreamAnswer): boolean =>
  answer.status >= 200 && answer.status < 300;

/** i'mport's message as we pass it on: text, redacted, undefined when empty. */
export function upstreamMessage(
  envelope: ImpEnvelope | undefined,
  secrets: readonly string[] = [],
): string | undefined {
  const message = envelope?.message;
  if (message === undefined || message === null || message === '') return undefined;
  return redactCardLike(typeof message === 'string' ? message : JSON.stringify(message), secrets);
}

/** An IamportError carrying the answer's code, message and HTTP status. */
export function errorFromAnswer(
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

/** An IamportError for an exchange that produced no answer. */
export function errorFromFailure(
  code: IamportErrorCode,
  what: string,
  failure: TransportFailure,
): IamportError {
  return new IamportError(code, `${what}: ${failure.message}`, {
    httpStatus: failure.httpStatus,
    cause: failure,
  });
}

/**
 * A non-zero code (or an envelope-less 4xx) as a typed error. On calls that reach the PG
 * (`pgCall`), code -1 is the PG's refusal, or a decline when the PG says the card is expired.
 */
export function rejectionOf(
  answer: UpstreamAnswer,
  what: string,
  pgCall: boolean,
  secrets: readonly string[] = [],
): IamportError {
  const code = answer.envelope?.code;
  if (pgCall && code === -1) {
    const text = upstreamMessage(answer.envelope, secrets) ?? '';
    return EXPIRED_CARD_TEXT.test(text)
      ? errorFromAnswer('CARD_DECLINED', `${what}: the card is expired`, answer, { secrets })
      : errorFromAnswer('PG_ERROR', `${what}: the PG reported an error`, answer, { secrets });
  }
  const message =
    code === undefined
      ? `${what}: HTTP ${answer.status} without an i'mport envelope`
      : `${what}: i'mport answered code ${code}`;
  return errorFromAnswer('UPSTREAM_REJECTED', message, answer, { secrets });
}

/** Parses `value` with `schema` or throws UPSTREAM_INVALID_RESPONSE. */
export function parseAnswer<S extends v.GenericSchema>(
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
  throw errorFromAnswer(
    'UPSTREAM_INVALID_RESPONSE',
    `${what}: unexpected response (${field})`,
    answer,
  );
}
