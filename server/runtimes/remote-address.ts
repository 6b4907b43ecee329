import type { Context } from 'hono';

// The client's address as each runtime hands it to the fetch handler (Hono's `c.env`): without
// these every client off Node is 'unknown', so one client's failures would rate-limit everyone.

/** Bun: `Bun.serve({ fetch: (req, server) => app.fetch(req, server) })`, `server.requestIP(req)`. */
export function bunRemoteAddress(c: Context): string | undefined {
  const server = c.env as
    { requestIP?: (request: Request) => { address: string } | null } | undefined;
  return typeof server?.requestIP === 'function'
    ? (server.requestIP(c.req.raw)?.address ?? undefined)
    : undefined;
}

/** Deno: `Deno.serve((req, info) => app.fetch(req, info))`, `info.remoteAddr.hostname`. */
export function denoRemoteAddress(c: Context): string | undefined {
  const info = c.env as { remoteAddr?: { hostname?: string } } | undefined;
  return info?.remoteAddr?.hostname;
}

/** Cloudflare Workers: the edge sets `CF-Connecting-IP`; a client cannot forge it there. */
export function workersRemoteAddress(c: Context): string | undefined {
  return c.req.header('cf-connecting-ip') ?? undefined;
}
