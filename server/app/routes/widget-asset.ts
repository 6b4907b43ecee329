import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { sha256, toHex } from '../crypto/sha256.ts';
import { ServerError } from '../server-error.ts';
import type { ServerDeps } from '../server-deps.ts';

async function etagOf(bytes: Uint8Array): Promise<string> {
  return `"${toHex((await sha256(bytes)).subarray(0, 12))}"`;
}

/**
 * `GET /imp-card.js` (the script-tag embed), `/imp-card-inline.js`, `/imp-card-frame.js`, `/imp-card.mjs`: the built widget, cacheable and loadable from the
 * merchant's own pages (script tags from another origin need CORP cross-origin and CORS).
 */
export function widgetAssetRoute(deps: ServerDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const cache = new Map<string, { bytes: Uint8Array; etag: string }>();

  app.get('/:file{imp-card(?:-inline|-frame)?\\.m?js}', async (c) => {
    const file = c.req.param('file');
    let entry = cache.get(file);
    if (!entry) {
      const loaded = deps.widgetAsset ? await deps.widgetAsset(file) : null;
      if (loaded === null) {
        throw new ServerError(
          'NOT_FOUND',
          `The widget is not built: run "npm run build" to make dist/${file}.`,
        );
      }
      const bytes = typeof loaded === 'string' ? new TextEncoder().encode(loaded) : loaded;
      entry = { bytes, etag: await etagOf(bytes) };
      cache.set(file, entry);
    }
    c.header('Cache-Control', 'public, max-age=300, must-revalidate');
    c.header('ETag', entry.etag);
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    if (c.req.header('if-none-match') === entry.etag) return c.body(null, 304);
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    return c.body(entry.bytes as Uint8Array<ArrayBuffer>, 200);
  });
  return app;
}
