// GET /frame: the card form's page for isolated mode, framed only by allowed origins.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { FRAME_REFUSED } from '../../../widget/contract/frame-messages.ts';
import { createHarness } from '../../testing/index.ts';

const SHOP = 'https://shop.example';

function directives(csp: string | null): Map<string, string> {
  return new Map(
    (csp ?? '').split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }),
  );
}

describe('GET /frame', () => {
  const { app, logs } = createHarness({ allowedOrigins: [SHOP, 'https://other.example'] });

  it('serves the form for an allowed origin, framed by that origin only, scripts from itself only', async () => {
    const res = await app.request(`/frame?origin=${encodeURIComponent(SHOP)}`);
    assert.equal(res.status, 200);
    const csp = directives(res.headers.get('content-security-policy'));
    assert.equal(csp.get('frame-ancestors'), SHOP);
    assert.equal(csp.get('script-src'), "'self'");
    assert.equal(csp.get('connect-src'), "'self'");
    assert.equal(csp.get('default-src'), "'none'");
    assert.equal(res.headers.get('cache-control'), 'no-store');
    // frame-ancestors only: the other pages' X-Frame-Options SAMEORIGIN would refuse the shop.
    assert.equal(res.headers.get('x-frame-options'), null);
    const html = await res.text();
    // The form posts to this origin, whatever the page says; no inline script or style.
    assert.match(html, /<imp-card-form endpoint="v1\/registrations">/);
    assert.match(html, /<script src="imp-card-inline\.[0-9a-f]{16}\.js" defer>/);
    assert.match(html, /<script src="imp-card-frame\.[0-9a-f]{16}\.js" defer>/);
    assert.doesNotMatch(html, /<script>|<style|style="/);
  });

  it('refuses an origin that is not allowed (or none) with an explanation and no form', async () => {
    for (const query of ['?origin=https%3A%2F%2Fevil.example', '', '?origin=%27none%27']) {
      const res = await app.request(`/frame${query}`);
      assert.equal(res.status, 403, query);
      const html = await res.text();
      assert.doesNotMatch(html, /imp-card-form|<script src/);
      assert.match(html, /IMPCARD_ALLOWED_ORIGINS/);
      assert.doesNotMatch(html, /evil/, 'the origin is not echoed');
    }
    // The merchant learns which page was refused from the log (the page gets a notice).
    const refused = logs.filter((l) => l.event === 'frame.origin_refused');
    assert.equal(refused.length, 3);
    assert.equal(refused[0]?.['origin'], 'https://evil.example');
    assert.equal(refused[0]?.level, 'warn');
  });

  it('tells the host on the page that it refused, with the one script its CSP allows', async () => {
    const res = await app.request('/frame?origin=https%3A%2F%2Fevil.example');
    const html = await res.text();
    const scripts = [...html.matchAll(/<script>([^<]*)<\/script>/g)].map((m) => m[1]!);
    assert.deepEqual(scripts, [`parent.postMessage({type:"${FRAME_REFUSED}"},"*")`]);
    assert.equal(html.split('<script').length, 2, 'no other script');
    const csp = directives(res.headers.get('content-security-policy'));
    const hash = createHash('sha256').update(scripts[0]!).digest('base64');
    assert.equal(csp.get('script-src'), `'sha256-${hash}'`);
    assert.equal(csp.get('default-src'), "'none'");
    assert.equal(csp.get('frame-ancestors'), '*');
    assert.equal(res.headers.get('x-frame-options'), null);
  });

  it('with no allowed origin at all, no page can frame the form', async () => {
    const { app: closed } = createHarness({ allowedOrigins: [] });
    const res = await closed.request(`/frame?origin=${encodeURIComponent(SHOP)}`);
    assert.equal(res.status, 403);
  });
});
