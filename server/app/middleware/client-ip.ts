import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

export interface ClientIpOptions {
  /**
   * Proxies whose `X-Forwarded-For` is believed (exact addresses). Without one, the header is
   * ignored: anyone can send it. @default []
   */
  trustedProxies?: readonly string[];
  /** Where the peer address comes from off Node (Bun, Deno, Workers). @default the Node socket */
  remoteAddress?: (c: Context) => string | undefined;
}

function nodeRemoteAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    // Not served by @hono/node-server (app.request(), another runtime).
    return undefined;
  }
}

function normalise(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** Returns a function giving the client's address, or 'unknown'. */
export function createClientIp(options: ClientIpOptions = {}): (c: Context) => string {
  const trusted = new Set((options.trustedProxies ?? []).map(normalise));
  const remote = options.remoteAddress ?? nodeRemoteAddress;
  return function clientIp(c) {
    const peer = remote(c);
    if (!peer) return 'unknown';
    let address = normalise(peer);
    if (!trusted.has(address)) return address;
    // Walk X-Forwarded-For from the right: the first hop not run by us is the client.
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((hop) => normalise(hop.trim()))
      .filter(Boolean);
    while (trusted.has(address) && hops.length > 0) address = hops.pop() ?? address;
    return address;
  };
}
