import { isUpstreamError } from '../upstream/index.ts';
import { ServerError } from './server-error.ts';
import { isStoreUnavailable } from './store/store.ts';

/**
 * Maps an i'mport client error to the public code set. Only PG/card-company texts are passed on
 * (they explain a decline to the card holder); everything else gets our own words.
 */
export function toServerError(error: unknown): ServerError {
  if (error instanceof ServerError) return error;
  if (isStoreUnavailable(error)) {
    return new ServerError(
      'STORE_UNAVAILABLE',
      'The service is briefly unavailable; try again shortly.',
      {
        retryAfter: 2,
        cause: error,
      },
    );
  }
  if (!isUpstreamError(error)) {
    return new ServerError('INTERNAL_ERROR', 'Something went wrong on our side.', { cause: error });
  }
  const reason = error.upstreamMessage?.trim();
  switch (error.code) {
    case 'CARD_DECLINED':
      return new ServerError('CARD_DECLINED', reason || 'The card was declined.', { cause: error });
    case 'PG_ERROR':
      return new ServerError('PG_ERROR', reason || 'The card company refused the request.', {
        cause: error,
      });
    case 'UPSTREAM_REJECTED':
      // A business refusal (unknown billing key, PG not set up, …): i'mport's words help here.
      return new ServerError('PG_ERROR', reason || 'i’mport refused the request.', {
        cause: error,
      });
    case 'AMOUNT_MISMATCH':
      return new ServerError(
        'OUTCOME_UNKNOWN',
        'The payment went through for another amount than asked; the merchant will review it.',
        { cause: error },
      );
    case 'OUTCOME_UNKNOWN':
      return new ServerError(
        'OUTCOME_UNKNOWN',
        'We could not confirm the outcome yet; retry with the same token or merchant_uid only, never a new one.',
        { cause: error },
      );
    case 'UPSTREAM_UNAVAILABLE':
      return new ServerError(
        'UPSTREAM_UNAVAILABLE',
        'The payment service is unavailable; try again shortly.',
        {
          retryAfter: 5,
          cause: error,
        },
      );
    case 'UPSTREAM_AUTH_FAILED':
    case 'UPSTREAM_INVALID_RESPONSE':
      return new ServerError('UPSTREAM_UNAVAILABLE', 'The payment service is unavailable.', {
        status: 502,
        cause: error,
      });
  }
}
