import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ServerError } from '../server-error.ts';

// hono/validator's test of which bodies it reads as JSON (any other is validated as `{}`).
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/** JSON.parse without the stack trace a SyntaxError captures: nothing reads it. */
function parseQuietly(text: string): { ok: true; value: unknown } | { ok: false } {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

const NOT_JSON = () => new ServerError('INVALID_REQUEST', 'The request body is not valid JSON.');

/**
 * A JSON body validator (`vValidator('json', schema, hook)`) whose refusal of a body that is not
 * JSON at all is our INVALID_REQUEST. The body is parsed here, once, and handed to the validator
 * as `c.req.json()`'s answer: hono/validator's own parse would throw a SyntaxError and then an
 * `HTTPException(400)`, each with a stack trace, for every malformed body (12% of the CPU of
 * refusing one in a profile: `node --cpu-prof --import tsx bench/refusal-cost.ts json`).
 * Decided here, where it is known to come from the body: `onError` can then take every other
 * `HTTPException` for the merchant's own (an `authorize` hook's 401 or 403).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function jsonBody<M extends MiddlewareHandler<any, any, any>>(validator: M): M {
  const wrapped: MiddlewareHandler = async function jsonBodyMiddleware(c: Context, next) {
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
    if (JSON_MEDIA_TYPE.test(mediaType)) {
      let text: string;
      try {
        text = await c.req.text();
      } catch (error) {
        // An aborted upload (the Node entry hands the app the failed stream).
        throw new ServerError('INVALID_REQUEST', 'The request body is not valid JSON.', {
          cause: error,
        });
      }
      const parsed = parseQuietly(text);
      if (!parsed.ok) throw NOT_JSON();
      const value = Promise.resolve(parsed.value);
      // The validator reads the body through this request's `json()`: this one request's.
      c.req.json = <T>() => value as Promise<T>;
    }
    let validated = false;
    try {
      return await validator(c, () => {
        validated = true;
        return next();
      });
    } catch (error) {
      if (validated || !(error instanceof HTTPException) || error instanceof ServerError) {
        throw error;
      }
      throw new ServerError('INVALID_REQUEST', 'The request body is not valid JSON.', {
        cause: error,
      });
    }
  };
  return wrapped as M;
}
