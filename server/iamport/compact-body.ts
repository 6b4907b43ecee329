/**
 * Copies a request body without `undefined` and `null` members (recursively), so i'mport never
 * sees `"birth": null` where a PG would read it as an empty value.
 */
export function compactBody<T extends object>(body: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    out[key] =
      typeof value === 'object' && !Array.isArray(value) ? compactBody(value as object) : value;
  }
  return out;
}
