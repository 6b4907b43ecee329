import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';

/** Anything with Hono's `fetch`: the app `createServer()` returns, or a merchant's app around it. */
export interface FetchApp {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

/** A Node request that a framework may already have read (Express's `express.json()`). */
type MaybeParsed = IncomingMessage & { body?: unknown; rawBody?: unknown };

/**
 * The bytes a body parser read, from what it made of them: JSON re-serialised, a form
 * (`express.urlencoded()`, i'mport's form-encoded webhooks) re-encoded as a form, a Buffer or string
 * as is. What the parser did not understand it left as a Buffer or string too.
 */
function bodyBytes(body: unknown, contentType: string): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body);
  if (/application\/x-www-form-urlencoded/i.test(contentType) && body && typeof body === 'object') {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        form.append(name, typeof item === 'string' ? item : JSON.stringify(item));
      }
    }
    return Buffer.from(form.toString());
  }
  return Buffer.from(JSON.stringify(body));
}

/**
 * The app as a Node `(req, res)` handler, for Express (`app.use('/impcard', nodeHandler(app))`),
 * Connect or `http.createServer`. A global body parser that ran first has consumed the request
 * stream: its parsed `req.body` is turned back into the bytes the app reads, so registrations
 * still validate and form-encoded webhooks still parse instead of answering 400. The client
 * address stays the socket's, as with `impcard` itself.
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
      // @hono/node-server reads `rawBody` (a Buffer) instead of the already-drained stream.
      incoming.rawBody = bodyBytes(incoming.body, req.headers['content-type'] ?? '');
    }
    return listener(req, res);
  };
}
