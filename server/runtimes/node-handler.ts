import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';

/** Anything with Hono's `fetch`: the app `createServer()` returns, or a merchant's app around it. */
export interface FetchApp {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

/** A Node request that a framework may already have read (Express's `express.json()`). */
type MaybeParsed = IncomingMessage & { body?: unknown; rawBody?: unknown };

/**
 * The app as a Node `(req, res)` handler, for Express (`app.use('/impcard', nodeHandler(app))`),
 * Connect or `http.createServer`. A global body parser that ran first has consumed the request
 * stream: its parsed `req.body` is turned back into the bytes the app reads (JSON re-serialised, a
 * Buffer or string as is), so registrations still validate instead of answering "not valid JSON".
 * The client address stays the socket's, as with `impcard` itself.
 */
export function nodeHandler(
  app: FetchApp,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const listener = getRequestListener((request, env) => app.fetch(request, env));
  return (req, res) => {
    const incoming = req as MaybeParsed;
    if (
      incoming.readableEnded &&
      incoming.body !== undefined &&
      !Buffer.isBuffer(incoming.rawBody)
    ) {
      const body = incoming.body;
      // @hono/node-server reads `rawBody` (a Buffer) instead of the already-drained stream.
      incoming.rawBody = Buffer.isBuffer(body)
        ? body
        : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    }
    return listener(req, res);
  };
}
