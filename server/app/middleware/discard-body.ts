import type { Context } from 'hono';

/** Past this much, a client still sending gets its connection closed (and may see a reset). */
export const MAX_DISCARDED_BYTES = 16 * 1024 * 1024;
const MAX_DISCARD_MS = 10_000;

/**
 * Reads and drops the rest of a refused request body before the answer is sent: a client that
 * writes its whole body before reading (curl, most SDKs) would otherwise meet a closed socket
 * (EPIPE, a reset) instead of the 413. Bounded in bytes and time; a body already being read (a
 * chunked body the limit counted) is left alone.
 */
export async function discardRestOfBody(c: Context): Promise<void> {
  const body = c.req.raw.body;
  if (!body || body.locked) return;
  const reader = body.getReader();
  const deadline = Date.now() + MAX_DISCARD_MS;
  let bytes = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), MAX_DISCARD_MS);
  });
  try {
    while (Date.now() < deadline && bytes <= MAX_DISCARDED_BYTES) {
      const next = await Promise.race([reader.read(), timeout]);
      if (next === 'timeout' || next.done) break;
      bytes += next.value?.byteLength ?? 0;
    }
  } catch {
    // The client went away: nothing left to read.
  } finally {
    clearTimeout(timer);
    void reader.cancel().catch(() => undefined);
  }
}
