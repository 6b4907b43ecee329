/**
 * A random UUID v4 for one attempt's Idempotency-Key. `crypto.randomUUID` exists only in secure
 * contexts (HTTPS, localhost); `getRandomValues` everywhere, so a page served over plain http
 * (a staging host, an intranet) still gets a key instead of a submit stuck on its spinner.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40; // version 4
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
