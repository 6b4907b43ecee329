/**
 * A random UUID v4 for one attempt's Idempotency-Key. From `getRandomValues`, not
 * `crypto.randomUUID`, which exists only in secure contexts (HTTPS, localhost): a page served over
 * plain http (a staging host, an intranet) still gets a key instead of a submit stuck on its spinner.
 */
export function newIdempotencyKey(): string {
  const random = crypto.getRandomValues(new Uint8Array(31));
  let i = 0;
  // In the template, 4 is the version and 8 the variant's high bits (10): each 0 becomes a random
  // hex digit, the 8 one of 8, 9, a and b.
  return '00000000-0000-4000-8000-000000000000'.replace(/[08]/g, (c) =>
    (Number(c) | (random[i++]! & (c === '8' ? 3 : 15))).toString(16),
  );
}
