import { createKyTransport } from './ky-transport.ts';
import type { Transport, TransportOptions } from './transport.ts';
import { createUndiciTransport } from './undici-transport.ts';

/**
 * The client's HTTP path. On Node with the default fetch it is undici's `Pool` (keep-alive, no
 * Request/AbortSignal/option merging per call: an eighth of ky's CPU per call in `npm run bench`);
 * with an injected `fetch`, or where undici cannot load (other runtimes), the configured ky
 * instance. A promise only while undici loads.
 */
export function selectTransport(options: TransportOptions): Transport | Promise<Transport> {
  const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions
    ?.node;
  if (options.fetch || !node) return createKyTransport(options);
  // Variable specifiers keep bundlers for other runtimes from pulling undici (or node:events) in.
  const specifiers = ['undici', 'node:events'];
  return Promise.all([
    import(specifiers[0]!) as Promise<typeof import('undici')>,
    import(specifiers[1]!) as Promise<typeof import('node:events')>,
  ])
    .then(([undici, events]) => createUndiciTransport(options, undici, events.EventEmitter))
    .catch(() => createKyTransport(options));
}
