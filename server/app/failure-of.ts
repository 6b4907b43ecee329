import { HTTPException } from 'hono/http-exception';
import { redactDigits } from './logger.ts';
import { ServerError, type ServerErrorCode } from './server-error.ts';
import { toServerError } from './upstream-error.ts';

/** The code and our own words for a status a merchant's `HTTPException` may carry. */
const BY_STATUS: Partial<Record<number, readonly [ServerErrorCode, string]>> = {
  400: ['INVALID_REQUEST', 'The request is not valid.'],
  401: ['UNAUTHORIZED', 'Sign in to do this.'],
  403: ['FORBIDDEN', 'This request is not allowed.'],
  404: ['NOT_FOUND', 'Not found.'],
  413: ['PAYLOAD_TOO_LARGE', 'The request body is too large.'],
  429: ['RATE_LIMITED', 'Too many requests; try again later.'],
};

/** Longer than this, a message is not a sentence meant for the person who sent the request. */
const MAX_SHOWN_MESSAGE = 200;

/**
 * The merchant's own words when they can be shown: a short text with no digit run that could be
 * part of a card number (the same rule as the logs'), else ours.
 */
function shown(message: string, ours: string): string {
  const text = message.trim();
  return text !== '' && text.length <= MAX_SHOWN_MESSAGE && redactDigits(text) === text
    ? text
    : ours;
}

/**
 * A merchant's `HTTPException` (thrown by `authorize`, or by their middleware around a mounted
 * app) by its status: its 4xx stays a 4xx with a typed code, so the widget can tell "not allowed"
 * from "not valid"; a 5xx is a crash on their side and answers INTERNAL_ERROR.
 */
function fromHttpException(error: HTTPException): ServerError {
  const known = BY_STATUS[error.status];
  if (known) return new ServerError(known[0], shown(error.message, known[1]), { cause: error });
  if (error.status < 500) {
    return new ServerError('INVALID_REQUEST', shown(error.message, 'The request is not valid.'), {
      status: error.status,
      cause: error,
    });
  }
  return new ServerError('INTERNAL_ERROR', 'Something went wrong on our side.', { cause: error });
}

/**
 * What the app answers for anything thrown while serving a request, decided in this one place:
 * our own `ServerError` as it is, a foreign `HTTPException` by its status, an i'mport or store
 * error by its public code, anything else INTERNAL_ERROR (with the error as its `cause`).
 */
export function failureOf(error: unknown): ServerError {
  if (error instanceof ServerError) return error;
  if (error instanceof HTTPException) return fromHttpException(error);
  return toServerError(error);
}

/**
 * A body whose client went away mid-upload (a closed tab, a killed process): the read fails with
 * Node's `aborted` (ECONNRESET). Nobody is left to answer, but the log line and the outcome metric say it was the client's doing (400), not a crash of ours.
 */
export function clientGone(error: unknown): ServerError | undefined {
  // Node's own error for a body cut short, not the request's aborted signal: that also covers an
  // upstream failure met after the client left, which keeps its own code and log line.
  const code = (error as { code?: unknown } | null)?.code;
  if (!(error instanceof Error) || error.message !== 'aborted' || code !== 'ECONNRESET') {
    return undefined;
  }
  return new ServerError(
    'INVALID_REQUEST',
    'The client closed the connection before the whole body arrived (aborted).',
    { cause: error },
  );
}
