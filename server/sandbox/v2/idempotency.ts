import { createHmac, randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { faultEffect } from '../fault-injector.ts';
import { PortOneApiError } from './portone-error.ts';

/** How long an answer is replayed: PortOne's API page says 3 hours ("may change"). */
export const IDEMPOTENCY_TTL_MS = 3 * 3600_000;

// RFC 8941 sf-string in double quotes, 16-256 characters; PortOne recommends letters, digits, - and _.
const KEY_PATTERN = /^"([\x20-\x21\x23-\x5b\x5d-\x7e]{16,256})"$/;

interface Entry {
  fingerprint: string;
  expiresAt: number;
  answer: { status: number; body: string; contentType: string } | 'pending';
}

/**
 * PortOne V2's `Idempotency-Key` on POST and DELETE: the first answer under a key is replayed to
 * every retry for 3 hours; a retry while the first is still running gets 409
 * IDEMPOTENCY_OUTSTANDING_REQUEST. Reusing a key for another request (method, path, query or
 * body) is a 400 INVALID_REQUEST: PortOne says never to do it and does not document the answer.
 * It sits before the fault injector, as PortOne takes the key before it processes: a retry
 * during a `delay` or `hang` is outstanding; an answer given by a fault instead of the handler
 * (error500, hang, refuse) is not kept, so a retry runs; a `drop`ped answer is kept and replayed.
 */
export class IdempotencyCache {
  readonly #entries = new Map<string, Entry>();
  readonly #nowMs: () => number;
  // Bodies hold card numbers: they are fingerprinted with a key that never leaves this process,
  // so a kept fingerprint cannot be matched against guessed numbers.
  readonly #fingerprintKey = randomBytes(32);

  constructor(nowMs: () => number) {
    this.#nowMs = nowMs;
  }

  reset(): void {
    this.#entries.clear();
  }

  middleware(): MiddlewareHandler {
    const entries = this.#entries;
    const nowMs = this.#nowMs;
    const fingerprintKey = this.#fingerprintKey;
    return async function idempotency(c, next) {
      const header = c.req.header('idempotency-key');
      if (header === undefined || !['POST', 'PUT', 'PATCH', 'DELETE'].includes(c.req.method)) {
        return next();
      }
      const key = KEY_PATTERN.exec(header.trim())?.[1];
      if (key === undefined) {
        throw new PortOneApiError(
          'INVALID_REQUEST',
          'Idempotency-Key must be a quoted string of 16 to 256 printable ASCII characters.',
        );
      }
      const url = new URL(c.req.url);
      const body = await c.req.text();
      const fingerprint = createHmac('sha256', fingerprintKey)
        .update(`${c.req.method} ${url.pathname}${url.search}\n${body}`)
        .digest('hex');
      const now = nowMs();
      const existing = entries.get(key);
      if (existing !== undefined && existing.expiresAt > now) {
        if (existing.fingerprint !== fingerprint) {
          throw new PortOneApiError(
            'INVALID_REQUEST',
            'This Idempotency-Key was used for a different request.',
          );
        }
        if (existing.answer === 'pending') {
          throw new PortOneApiError(
            'IDEMPOTENCY_OUTSTANDING_REQUEST',
            'A request with this Idempotency-Key is still being processed; retry later.',
          );
        }
        const { status, body: replayed, contentType } = existing.answer;
        return new Response(replayed, { status, headers: { 'content-type': contentType } });
      }
      const entry: Entry = { fingerprint, expiresAt: now + IDEMPOTENCY_TTL_MS, answer: 'pending' };
      entries.set(key, entry);
      try {
        await next();
        const effect = faultEffect(c.req.raw);
        if (effect === 'not-handled') {
          entries.delete(key);
          return;
        }
        // The handler's answer, or the error handler's (a refusal is an answer too).
        const res = (effect?.committed ?? c.res).clone();
        entry.answer = {
          status: res.status,
          body: await res.text(),
          contentType: res.headers.get('content-type') ?? 'application/json',
        };
      } catch (e) {
        entries.delete(key);
        throw e;
      }
    };
  }
}
