import { safeParse } from 'valibot';
import {
  RegistrationFailureSchema,
  RegistrationSuccessSchema,
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
 * Plain `fetch` rather than ky: ky 1.14 adds 4.5 KB min+gzip to a bundle whose budget is 16 KB,
 * and one POST with a timeout and no retry needs none of its features.
 */
export async function registerCard(
  endpoint: string,
  body: RegistrationRequest,
  idempotencyKey: string,
  timeout: number,
): Promise<RegistrationOutcome> {
  let json: unknown;
  let status: number;
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeout),
    });
    status = response.status;
    // A body cut off mid-way leaves the outcome unknown: treat it like no answer, retry with the key.
    json = await response.json().catch(() => undefined);
    if (json === undefined && response.ok) return { status: 'network-error' };
  } catch {
    return { status: 'network-error' };
  }
  const success = safeParse(RegistrationSuccessSchema, json);
  if (success.success) return { status: 'success', result: success.output };
  const failure = safeParse(RegistrationFailureSchema, json);
  if (failure.success) return failure.output;
  // A proxy's HTML error page or similar: keep to the contract's codes.
  return {
    status: 'failed',
    code: status >= 500 ? 'UPSTREAM_UNAVAILABLE' : 'INTERNAL_ERROR',
    message: `HTTP ${status}`,
  };
}
