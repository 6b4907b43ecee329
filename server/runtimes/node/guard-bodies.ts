import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { ServerError } from '../../app/server-error.ts';

export interface BodyGuardOptions {
  /** The app's body limit: one byte more is read, so that the app refuses what is over it. */
  limitBytes: number;
  /** Bodies read at once; past it a body is answered 429 with Retry-After without being read. */
  maxInFlight: number;
  /** After an answer, the rest of a body is read and dropped up to this many bytes… */
  maxDiscardBytes: number;
  /** …and for this long; past either the connection is closed (the client may see a reset). */
  maxDiscardMs: number;
}

export const DEFAULT_BODY_GUARD = {
  maxInFlight: 128,
  maxDiscardBytes: 16 * 1024 * 1024,
  maxDiscardMs: 10_000,
} as const;

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

const BUSY = new ServerError(
  'RATE_LIMITED',
  'Too many request bodies are arriving at once; try again shortly.',
  { retryAfter: 1 },
);

/** One guard's settings and count, shared by its requests. */
interface Guard {
  listener: Listener;
  options: BodyGuardOptions;
  inFlight: number;
}

/** A body being read: its guard, its answer and what has arrived. */
interface Reading {
  guard: Guard;
  res: ServerResponse;
  chunks: Buffer[];
  bytes: number;
  handed: boolean;
}

const READING = Symbol('impcard.reading');
type GuardedRequest = IncomingMessage & { rawBody?: Buffer; [READING]?: Reading };

// The stream's listeners are these module functions (`this` is the request) and its state one
// object on it: a closure each per request cost more than the read itself in a profile of refusals.
function onData(this: GuardedRequest, chunk: Buffer): void {
  const reading = this[READING]!;
  reading.chunks.push(chunk);
  reading.bytes += chunk.length;
  const { limitBytes } = reading.guard.options;
  if (reading.bytes > limitBytes) {
    hand(this, Buffer.concat(reading.chunks).subarray(0, limitBytes + 1));
    reading.chunks.length = 0;
  }
}

function onEnd(this: GuardedRequest): void {
  const { chunks } = this[READING]!;
  hand(this, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
}

/** Aborted: the app's read of the (failed) stream says so. */
function onAbort(this: GuardedRequest): void {
  hand(this, undefined);
}

function hand(req: GuardedRequest, body: Buffer | undefined): void {
  const reading = req[READING];
  if (!reading || reading.handed) return;
  reading.handed = true;
  const { guard, res } = reading;
  guard.inFlight--;
  req.off('data', onData);
  req.off('end', onEnd);
  if (body) {
    req.rawBody = body;
    if (!req.complete) {
      keepOpenWhileDiscarding(res);
      discardRest(req, guard.options);
    }
  }
  void guard.listener(req, res);
}

/**
 * Reads request bodies for the app off Node's stream, at most `limitBytes + 1` bytes each, and
 * hands them over as `rawBody` (which @hono/node-server takes instead of the stream). On Node 20
 * the web stream @hono/node-server makes of a request (`Readable.toWeb`) takes in the whole body
 * whatever its reader asks for: 150 bodies of 10 MB held 1.3 GB. Here a body over the limit
 * costs its first `limitBytes + 1` bytes; a declared length over it, none (the app refuses it from
 * the header). The rest is read and dropped after the answer, so a client that writes its whole
 * body before reading gets to read the 413 instead of meeting a reset; the connection stays
 * open for that (`Connection: close` would close it under the client's feet) within a bound.
 * A body cut short by its client goes to the app unread, whose read then fails as `aborted`.
 */
export function guardBodies(listener: Listener, options: BodyGuardOptions): Listener {
  const guard: Guard = { listener, options, inFlight: 0 };
  return (req: GuardedRequest, res) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.complete) return listener(req, res);
    if (guard.inFlight >= options.maxInFlight) {
      res.writeHead(BUSY.status, {
        'content-type': 'application/json',
        'retry-after': String(BUSY.retryAfter),
      });
      res.end(JSON.stringify(BUSY.toBody()));
      discardRest(req, options);
      return undefined;
    }
    guard.inFlight++;
    req[READING] = { guard, res, chunks: [], bytes: 0, handed: false };
    // Left on after the hand-over (hand() runs once): an 'error' with no listener would throw.
    req.on('aborted', onAbort);
    req.on('error', onAbort);
    const declared = Number(req.headers['content-length']);
    if (req.headers['transfer-encoding'] === undefined && declared > options.limitBytes) {
      return hand(req, Buffer.alloc(0));
    }
    req.on('data', onData);
    req.on('end', onEnd);
    return undefined;
  };
}

/**
 * Takes `Connection: close` off an answer sent while the body is still arriving: Node would
 * close the socket as soon as the answer is written, while the client is still writing.
 */
function keepOpenWhileDiscarding(res: ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (
    status: number,
    headers?: OutgoingHttpHeaders,
  ) => ServerResponse;
  res.writeHead = ((status: number, headers?: OutgoingHttpHeaders) => {
    if (headers) {
      for (const name of Object.keys(headers)) {
        if (name.toLowerCase() === 'connection') delete headers[name];
      }
    }
    res.removeHeader('connection');
    return writeHead(status, headers);
  }) as ServerResponse['writeHead'];
}

/** Reads and drops the rest of a body, within the bounds; past them the connection is closed. */
function discardRest(req: IncomingMessage, options: BodyGuardOptions): void {
  let bytes = 0;
  const close = () => {
    clearTimeout(timer);
    req.socket.destroy();
  };
  const timer = setTimeout(close, options.maxDiscardMs);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > options.maxDiscardBytes) close();
  });
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
  req.resume();
}
