import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { SandboxError } from './sandbox-error.ts';

/** i'mport's response envelope: `code` 0 and `message` null on success, `response` null on failure. */
export interface ImpEnvelope<T> {
  code: number;
  message: string | null;
  response: T | null;
}

export function ok<T>(c: Context, response: T, status: ContentfulStatusCode = 200): Response {
  const body: ImpEnvelope<T> = { code: 0, message: null, response };
  return c.json(body, status);
}

export function fail(c: Context, error: SandboxError): Response {
  const body: ImpEnvelope<null> = { code: error.impCode, message: error.message, response: null };
  return c.json(body, error.status);
}
