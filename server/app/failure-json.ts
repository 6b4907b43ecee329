import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './app-env.ts';
import type { FailureBody } from './server-error.ts';

/**
 * Answers a `{status: "failed", …}` body with this request's `request_id` (a stored body replayed
 * later carries the new request's id) and notes its code for the outcome metrics. Every failure
 * the app answers goes through here, so no middleware has to read an answer back to learn either.
 */
export function failureJson(
  c: Context<AppEnv>,
  body: FailureBody,
  status: ContentfulStatusCode,
): Response {
  c.set('failureCode', body.code);
  return c.json({ ...body, request_id: c.get('requestId') }, status);
}
