import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { removeEdgeHeader } from '../middleware/request-edge.ts';
import type { WidgetFiles } from '../widget/widget-files.ts';

// Relative URLs: the frame works wherever the server is mounted (`/frame`, `/impcard/frame`).
// The form posts to this origin's `v1/registrations`, whatever the embedding page says. The
// scripts are named by content hash (cached for a year; a new build is a new URL).
const frameHtml = (files: WidgetFiles) => `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>impcard</title>
<script src="${files.href('imp-card-inline.js')}" defer></script>
<script src="${files.href('imp-card-frame.js')}" defer></script>
</head>
<body><imp-card-form endpoint="v1/registrations"></imp-card-form></body>
</html>`;

// Tells the host on the page at once (FRAME_REFUSED in widget/contract/frame-messages.ts), so the
// customer gets its message instead of a blank space; it says nothing else, so to any parent.
const REFUSED_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>impcard</title></head>
<body><p>impcard: this page's origin is not in the server's IMPCARD_ALLOWED_ORIGINS, so the card form cannot be shown here.</p>
<script>parent.postMessage({type:"impcard:refused"},"*")</script></body></html>`;

/** Only the refusal page's own script may run: its hash (frame.test.ts checks it). */
const REFUSED_CSP =
  "default-src 'none'; script-src 'sha256-BxeumZ8yq1hF/MKnYuLvw3NP/SbTkJEvXC6T9gJRXys='; frame-ancestors *";

/** The frame's policy: its own scripts, styles and fonts, posts to its own origin, framed by `ancestor` only. */
export function frameCsp(ancestor: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "font-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestor}`,
  ].join('; ');
}

/**
 * `GET /frame?origin=<the embedding page's origin>`: the page isolated mode's host renders in an
 * `<iframe>`, where the real form runs. Only an origin in `allowedOrigins` may frame it (CSP
 * `frame-ancestors`, against clickjacking); the URL holds that origin and nothing else (the token
 * and every setting come by message).
 */
export function frameRoute(deps: {
  allowedOrigins: ReadonlySet<string>;
  widgetFiles: WidgetFiles;
}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const html = frameHtml(deps.widgetFiles);
  app.get('/frame', (c) => {
    const origin = c.req.query('origin') ?? '';
    // CSP frame-ancestors alone decides who frames it: X-Frame-Options cannot name an allowed
    // origin, and its SAMEORIGIN would forbid the very pages the policy allows (in a browser that
    // reads both, or only the older one).
    removeEdgeHeader(c, 'X-Frame-Options');
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    if (!deps.allowedOrigins.has(origin)) {
      // A plain explanation with no form: harmless wherever it is framed, and visible to the
      // developer whose page is missing from the list.
      c.header('Content-Security-Policy', REFUSED_CSP);
      // The merchant's side of the customer's notice: which page was refused.
      c.get('log')?.('warn', 'frame.origin_refused', { origin: origin.slice(0, 100) });
      return c.html(REFUSED_HTML, 403);
    }
    c.header('Content-Security-Policy', frameCsp(origin));
    return c.html(html);
  });
  return app;
}
