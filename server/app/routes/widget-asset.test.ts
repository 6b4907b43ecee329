// GET /imp-card.js and the other widget files: served by every createServer from the package's
// own build, by plain and content-hashed names, with caching that a deploy cannot break.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createHarness } from '../../testing/index.ts';
import { bundledWidgetFiles } from '../widget/widget-files.ts';
import { WIDGET_FILE_NAMES } from '../widget/widget-file-names.ts';

const SHOP = 'https://shop.example';
const dist = (name: string) => readFileSync(new URL(`../../../dist/${name}`, import.meta.url));

describe('the widget files, with no widget option', () => {
  const { app } = createHarness({ allowedOrigins: [SHOP] });

  it('serves each built file as dist/ has it, loadable from another origin', async () => {
    for (const name of WIDGET_FILE_NAMES) {
      const res = await app.request(`/${name}`);
      assert.equal(res.status, 200, name);
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), dist(name), name);
      assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
      assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      // A plain name is what merchants' pages hold: revalidated after minutes, never a year.
      assert.equal(res.headers.get('cache-control'), 'public, max-age=300, must-revalidate');
    }
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await app.request('/imp-card.js');
    const etag = first.headers.get('etag');
    assert.match(etag ?? '', /^"[0-9a-f]{16}"$/);
    const again = await app.request('/imp-card.js', { headers: { 'if-none-match': etag! } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
  });

  it('has the frame page load both scripts by content hash, cached for a year', async () => {
    const frame = await app.request(`/frame?origin=${encodeURIComponent(SHOP)}`);
    const srcs = [...(await frame.text()).matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    assert.equal(srcs.length, 2);
    for (const src of srcs) {
      const [, plain, hash] = /^(imp-card-(?:inline|frame))\.([0-9a-f]{16})\.js$/.exec(src) ?? [];
      assert.ok(plain && hash, src);
      const res = await app.request(`/${src}`);
      assert.equal(res.status, 200, src);
      assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.equal(res.headers.get('etag'), `"${hash}"`);
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), dist(`${plain}.js`));
    }
  });

  it('names the form in the loader by the hash the server serves it under', async () => {
    const loader = await (await app.request('/imp-card.js')).text();
    const [inline] = /imp-card-inline\.[0-9a-f]{16}\.js/.exec(loader) ?? [];
    assert.ok(inline, 'the loader names the form by content hash');
    const res = await app.request(`/${inline}`);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  });

  it('answers an outdated hash with the current file, not cached (a page from before a deploy)', async () => {
    const res = await app.request('/imp-card-inline.0123456789abcdef.js');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), dist('imp-card-inline.js'));
  });

  it('refuses to start when the build lacks a file, naming the fix', () => {
    const text = 'x';
    assert.throws(
      () =>
        bundledWidgetFiles({
          'imp-card.js': { hash: '0'.repeat(16), text },
          'imp-card-inline.js': { hash: '1'.repeat(16), text },
          'imp-card.mjs': { hash: '2'.repeat(16), text },
        }),
      /lacks imp-card-frame\.js: reinstall impcard.*npm run build.*widgetAsset/,
    );
  });
});

describe('the widget files from a widgetAsset override', () => {
  const { app } = createHarness({
    allowedOrigins: [SHOP],
    widgetAsset: (name) => Promise.resolve(name === 'imp-card.js' ? 'export {};' : null),
  });

  it('serves what the loader returns, with an ETag of its own', async () => {
    const res = await app.request('/imp-card.js');
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'export {};');
    const etag = res.headers.get('etag') ?? '';
    assert.match(etag, /^"[0-9a-f]{24}"$/);
    const cached = await app.request('/imp-card.js', { headers: { 'if-none-match': etag } });
    assert.equal(cached.status, 304);
  });

  it('answers a file it lacks with a typed 404 that another origin can read', async () => {
    const res = await app.request('/imp-card-frame.js');
    assert.equal(res.status, 404);
    // CORP same-origin here would show the page ERR_BLOCKED_BY_RESPONSE instead of this 404.
    assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
    const body = (await res.json()) as { code: string; message: string };
    assert.equal(body.code, 'NOT_FOUND');
    assert.match(body.message, /imp-card-frame\.js/);
  });

  it('has the frame page load the override by plain names (their hashes are unknown)', async () => {
    const html = await (await app.request(`/frame?origin=${encodeURIComponent(SHOP)}`)).text();
    assert.match(html, /<script src="imp-card-inline\.js" defer>/);
    assert.match(html, /<script src="imp-card-frame\.js" defer>/);
  });
});
