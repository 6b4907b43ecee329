import type { Context } from 'hono';

export interface ClientIpOptions {
  /**
   * Proxies whose `X-Forwarded-For` is believed (exact addresses). Without one, the header is
   * ignored: anyone can send it. @default []
   */
  trustedProxies?: readonly string[];
  /**
   * Where the peer address comes from off Node (Bun, Deno, Workers).
   * @default the Node socket, from the bindings @hono/node-server passes
   */
  remoteAddress?: (c: Context) => string | undefined;
}

/**
 * The bindings @hono/node-server passes as `c.env` (its `HttpBindings`): what `impcard`, a
 * merchant's own `serve()` and `nodeHandler` (Express, Connect) all hand the app. Read by shape,
 * as its `getConnInfo` does (src/conninfo.ts), so the app imports nothing of Node.
 */
interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string | undefined } | undefined } | undefined;
}

/** The Node socket's peer address; undefined elsewhere (`app.request()`, other runtimes). */
function nodeSocketAddress(c: Context): string | undefined {
  const env = c.env as (NodeBindings & { server?: NodeBindings }) | undefined;
  return (env?.server ?? env)?.incoming?.socket?.remoteAddress;
}

function normalise(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** Returns a function giving the client's address, or 'unknown'. */
export function createClientIp(options: ClientIpOptions = {}): (c: Context) => string {
  const trusted = new Set((options.trustedProxies ?? []).map(normalise));
  const remote = options.remoteAddress ?? nodeSocketAddress;
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
