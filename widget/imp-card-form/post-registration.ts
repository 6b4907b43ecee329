import {
  type RegistrationFailure,
  type RegistrationRequest,
  type RegistrationSuccess,
} from '../contract/index.ts';

/** The answer to one attempt, with "the server was not reached" kept apart from its refusals. */
export type RegistrationOutcome =
  | { status: 'success'; result: RegistrationSuccess }
  | RegistrationFailure
  | { status: 'network-error' };

/**
 * POSTs one registration attempt. Never retries by itself: the caller retries with the same
 * `idempotencyKey` so the server can answer a repeat without charging twice.
 *
 * Plain `fetch` rather than ky: ky 1.14 adds 4.5 KB min+gzip to a bundle whose budget is under 16 KB,
 * and one POST with a timeout and no retry needs none of its features.
 */
export async function postRegistration(
  endpoint: string,
  body: RegistrationRequest,
  idempotencyKey: string,
  timeout: number,
): Promise<RegistrationOutcome> {
  // fetch('') resolves against the page: a missing endpoint would POST the card to the merchant's
  // own page (and its logs). Treat it as a server that cannot be reached.
  if (!endpoint.trim()) return { status: 'network-error' };
  let json: unknown;
  let status: number;
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
      // AbortSignal.timeout throws on NaN or a negative value (timeout="30s"): keep the default.
      signal: AbortSignal.timeout(timeout > 0 ? timeout : 30000),
    });
    status = response.status;
    // A body cut off mid-way leaves the outcome unknown: treat it like no answer, retry with the key.
    json = await response.json().catch(() => undefined);
    if (json === undefined && response.ok) return { status: 'network-error' };
  } catch {
    return { status: 'network-error' };
  }
  // The answer comes from the merchant's own impcard server, which builds it from the contract's
  // types; a structural check is enough here and keeps valibot's object schemas out of the bundle.
  const answer = json as { status?: unknown; code?: unknown; message?: unknown } | null | undefined;
  if (status < 300 && answer?.status === 'success')
    return { status: 'success', result: answer as RegistrationSuccess };
  if (
    answer?.status === 'failed' &&
    // Any code string: one this widget does not know yet (a newer server) shows the server's
    // message and is not retried, rather than being hidden behind INTERNAL_ERROR.
    typeof answer.code === 'string' &&
    typeof answer.message === 'string'
  ) {
    return answer as RegistrationFailure;
  }
  // A proxy's HTML error page or similar: keep to the contract's codes.
  return {
    status: 'failed',
    code: status >= 500 ? 'UPSTREAM_UNAVAILABLE' : 'INTERNAL_ERROR',
    message: `HTTP ${status}`,
  };
}
