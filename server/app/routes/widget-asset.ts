import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ServerError } from '../server-error.ts';
import type { WidgetFileName } from '../widget/widget-file-names.ts';
import type { WidgetFiles } from '../widget/widget-files.ts';

/** The loader's URL is in merchants' pages: a few minutes, then revalidated by ETag. */
const SHORT_CACHE = 'public, max-age=300, must-revalidate';
/** A URL that names its content's hash never changes content. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The route's file names: `imp-card.js`, `imp-card-inline.js`, each maybe with a content hash. */
export const WIDGET_FILE_PATH = '/:file{imp-card(?:-inline|-frame)?(?:\\.[0-9a-f]{16})?\\.m?js}';

/**
 * `GET /imp-card.js` (the script-tag embed), `/imp-card-inline.js`, `/imp-card-frame.js`,
 * `/imp-card.mjs`, and the same by content hash (`/imp-card-inline.<hash>.js`, what the frame
 * page and the loader ask for): the built widget, loadable from the merchant's own pages (script
 * tags from another origin need CORP cross-origin and CORS).
 */
export function widgetAssetRoute(deps: { widgetFiles: WidgetFiles }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get(WIDGET_FILE_PATH, async (c) => {
    const [, base = '', hash, ext = ''] = /^(.*?)(?:\.([0-9a-f]{16}))?\.(m?js)$/.exec(
      c.req.param('file'),
    )!;
    const name = `${base}.${ext}` as WidgetFileName;
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    const file = await deps.widgetFiles.get(name);
    if (file === null) {
      throw new ServerError('NOT_FOUND', `The widget file ${name} is not available.`);
    }
    // An old hash (a page loaded before a deploy, another instance mid-rollout) still gets the
    // current file, but not for a year.
    c.header(
      'Cache-Control',
      hash === undefined ? SHORT_CACHE : hash === file.hash ? IMMUTABLE : 'no-cache',
    );
    c.header('ETag', file.etag);
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304);
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200);
  });
  return app;
}
