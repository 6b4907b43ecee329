import type * as NodeCrypto from 'node:crypto';

// WebCrypto's digests and HMACs are asynchronous: each call crosses to a thread pool and back,
// about 115 µs of CPU for an HMAC-SHA256 that node:crypto computes in 5 µs (measured on Node 20).
// Node, Bun and Deno have node:crypto; Workers may not (without nodejs_compat): there the callers
// keep WebCrypto.
// A variable specifier keeps bundlers for other runtimes from resolving it at build time.
const specifier = 'node:crypto';

/** node:crypto where the runtime has it, else `undefined` (WebCrypto only). */
export const nodeCrypto: Promise<typeof NodeCrypto | undefined> = (
  import(specifier) as Promise<typeof NodeCrypto>
)
  .then((module) => (typeof module.createHmac === 'function' ? module : undefined))
  .catch(() => undefined);
