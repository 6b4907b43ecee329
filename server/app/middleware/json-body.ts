import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ServerError } from '../server-error.ts';

/**
 * A JSON body validator (`vValidator('json', schema, hook)`) whose own refusal of a body that is
 * not JSON at all (hono/validator throws `HTTPException(400)` before the hook sees anything) is
 * our INVALID_REQUEST. Decided here, where it is known to come from the body: `onError` can then
 * take every other `HTTPException` for the merchant's own (an `authorize` hook's 401 or 403).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function jsonBody<M extends MiddlewareHandler<any, any, any>>(validator: M): M {
  const wrapped: MiddlewareHandler = async function jsonBodyMiddleware(c, next) {
    let parsed = false;
    try {
      return await validator(c, () => {
        parsed = true;
        return next();
      });
    } catch (error) {
      if (parsed || !(error instanceof HTTPException) || error instanceof ServerError) throw error;
      throw new ServerError('INVALID_REQUEST', 'The request body is not valid JSON.', {
        cause: error,
      });
    }
  };
  return wrapped as M;
}
