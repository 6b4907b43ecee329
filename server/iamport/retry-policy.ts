import type { TransportFailure, UpstreamRequest } from './transport.ts';

/** When `send()` tries an exchange again, and after how long. */
export interface RetryPolicy {
  /** Attempts allowed for `request`: one for a call that may change state. */
  attempts(request: Pick<UpstreamRequest, 'changesState'>): number;
  /** Whether another attempt may help after `failure`. */
  retries(failure: TransportFailure): boolean;
  /** The wait before attempt `attempt + 1`. */
  delayMs(attempt: number): number;
}

/** The 5xx statuses worth another attempt: ky's default list minus the 4xx. */
const RETRY_STATUSES = new Set([500, 502, 503, 504]);

/**
 * ky's retry rules (`Ky.ts`, `#calculateRetryDelay`), for both transports: network failures and
 * gateway-style 5xx are retried with a backoff doubling from 300 ms; a timeout is not, since the
 * attempt already cost the whole timeout. `Retry-After` is not read (ky would wait as long as it
 * says): a read is retried inside the merchant's own request, which must not wait for minutes.
 */
export function createRetryPolicy(limit: number, backoffLimitMs: number): RetryPolicy {
  return {
    attempts: (request) => (request.changesState ? 1 : limit + 1),
    retries: (failure) =>
      failure.kind === 'http'
        ? RETRY_STATUSES.has(failure.httpStatus ?? 0)
        : failure.kind !== 'timeout',
    delayMs: (attempt) => Math.min(backoffLimitMs, 0.3 * 2 ** (attempt - 1) * 1000),
  };
}
