// Vue 3 end to end: `npm start` serves impcard on http://localhost:<port>; a merchant's Vue checkout
// (test/e2e/vue-app/Checkout.vue, compiled with `isCustomElement` as docs/install.md says) on
// http://127.0.0.1:<other port> uses the isolated <imp-card-form> from the server's imp-card.js
// and hears `@imp-card-success`, rendered on the server and hydrated, or on the client only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { createSSRApp, type Component } from 'vue';
import { renderToString } from 'vue/server-renderer';
import type { Browser, Page } from 'playwright-core';
import { fillCard } from './fill-card.ts';
import { startTwoOrigins, type Site, type TwoOrigins } from './isolation-site.ts';
import type { MainProcess } from './start-main.ts';
import { compileVue } from './vue-app/compile-vue.ts';

const app = (file: string) => fileURLToPath(new URL(`vue-app/${file}`, import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

/** Vue's compile-time flags, as a Vue build sets them; development, for hydration warnings. */
const VUE_DEFINE = {
  'process.env.NODE_ENV': '"development"',
  __VUE_OPTIONS_API__: 'true',
  __VUE_PROD_DEVTOOLS__: 'false',
  __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'true',
};

type Recorded = Array<{ type: string; detail: Record<string, unknown> }>;

// Chromium only, through Playwright: this file tests the framework's wiring (props, events, refs,
// re-renders) around the element, which no engine changes; the widget's own behaviour in each
// engine is covered by isolation*.test.ts and demo.test.ts. Not ported to the engine driver for
// lack of time on this branch.
describe('[chromium] Vue 3: <imp-card-form> from imp-card.js with @imp-card-success, from another origin', () => {
  let main: MainProcess;
  let browser: Browser;
  let site: Site;
  let world: TwoOrigins | undefined;
  let Checkout: Component;

  before(async () => {
    world = await startTwoOrigins();
    ({ site, main, browser } = world);
    const client = await build({
      entryPoints: [app('client.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      define: VUE_DEFINE,
      plugins: [compileVue(false)],
      logLevel: 'warning',
    });
    site.pages.set('/client.js', client.outputFiles[0]!.text);
    // The server's copy of the component: compiled for the server renderer, Vue left external.
    const outfile = `${root}test/.artifacts/vue-ssr/checkout.mjs`;
    await build({
      entryPoints: [app('Checkout.vue')],
      bundle: true,
      outfile,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      plugins: [compileVue(true)],
      logLevel: 'warning',
    });
    Checkout = ((await import(pathToFileURL(outfile).href)) as { default: Component }).default;
  });

  after(() => world?.close());

  async function checkout(render: 'hydrate' | 'client', customer: string) {
    const props = {
      server: main.url,
      token: await main.mint({ customer_uid: customer, mode: 'billing_key' }),
    };
    const html = render === 'hydrate' ? await renderToString(createSSRApp(Checkout, props)) : '';
    const path = `/${customer}`;
    site.pages.set(
      path,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Checkout</title></head>
<body><div id="root" data-render="${render}" data-props="${JSON.stringify(props).replaceAll('"', '&quot;')}">${html}</div>
<script src="/client.js"></script></body></html>`,
    );
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') {
        problems.push(`${m.text()} ${m.location().url}`);
      }
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${site.origin}${path}`);
    return { context, page, html, problems };
  }

  async function typeAndSubmit(page: Page, customer: string): Promise<Recorded> {
    const handle = await page.locator('imp-card-form iframe').elementHandle({ timeout: 15_000 });
    const frame = await handle.contentFrame();
    assert.ok(frame, 'the isolated host renders an iframe');
    assert.equal(new URL(frame.url()).origin, main.url, 'the frame is on the impcard origin');
    // The property set after loadImpCard reached the frame's form.
    await frame.locator('[part~="submit"]', { hasText: 'Save card (Vue)' }).waitFor();
    await fillCard(frame);
    await frame.locator('[part~="submit"]').click();
    await page.locator('#result', { hasText: `success ${customer}` }).waitFor({ timeout: 15_000 });
    return page.evaluate(() => (window as unknown as { recorded: Recorded }).recorded);
  }

  it('server-rendered with vue/server-renderer and hydrated: @imp-card-success gets the billing key', async () => {
    const { context, page, html, problems } = await checkout('hydrate', 'vue_hydrated');
    assert.match(html, /<imp-card-form [^>]*token="eyJ/, 'the server wrote the element and token');
    const recorded = await typeAndSubmit(page, 'vue_hydrated');
    const types = recorded.map((r) => r.type);
    assert.ok(types.includes('change') && types.includes('submit'), types.join());
    const success = recorded.find((r) => r.type === 'success')!;
    const key = success.detail.billing_key as { customer_uid: string; card_number: string };
    assert.equal(key.customer_uid, 'vue_hydrated');
    assert.match(key.card_number, /\*/);
    assert.deepEqual(
      problems.filter((p) => !/favicon/.test(p)),
      [],
      'no hydration mismatch or error',
    );
    await context.close();
  });

  it('rendered on the client only: @imp-card-success gets the billing key', async () => {
    const { context, page, problems } = await checkout('client', 'vue_client');
    const recorded = await typeAndSubmit(page, 'vue_client');
    assert.ok(recorded.some((r) => r.type === 'success'));
    assert.deepEqual(
      problems.filter((p) => !/favicon/.test(p)),
      [],
    );
    await context.close();
  });
});
