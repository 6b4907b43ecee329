// Isolated mode when the form's frame goes away in the middle of a submit: the element is taken off
// the page, or the frame reloads. The page's submit() promise must settle (with FRAME_DETACHED)
// rather than wait forever, and a reloaded frame must work again. Real Chromium, the merchant page
// on 127.0.0.1 and impcard on localhost; the card's POST is held in the browser so that the frame
// goes away while it is in flight. The stand-in frames' version is in
// widget/isolated/imp-card-host.browser.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Frame, Page, Route } from 'playwright-core';
import { fillCard, cardFrameOf } from './fill-card.ts';
import { startTwoOrigins, type TwoOrigins } from './isolation-site.ts';

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

interface Settled {
  resolved?: true;
  name?: string;
  code?: string;
  message?: string;
}

describe('isolated mode: a frame that goes away mid-submit', () => {
  let world: TwoOrigins | undefined;

  before(async () => {
    world = await startTwoOrigins();
  });

  after(() => world?.close());

  /**
   * A checkout page with the card typed in and submit() started, its POST held in the browser
   * (never sent on) until the test ends.
   */
  async function submitting(customer: string): Promise<{
    context: BrowserContext;
    page: Page;
    frame: () => Promise<Frame>;
    settled: () => Promise<Settled | undefined>;
  }> {
    const { site, main, browser } = world!;
    const token = await main.mint({ customer_uid: customer, mode: 'billing_key' });
    const path = `/${customer}`;
    site.pages.set('/merchant.js', MERCHANT_JS);
    site.pages.set(
      path,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Checkout</title>
<script src="${main.url}/imp-card.js"></script></head>
<body><imp-card-form token="${token}"></imp-card-form><script src="/merchant.js"></script></body></html>`,
    );
    const context = await browser.newContext();
    const held: Route[] = [];
    let posted!: () => void;
    const post = new Promise<void>((resolve) => (posted = resolve));
    await context.route('**/v1/registrations', (route) => {
      held.push(route);
      posted();
    });
    const page = await context.newPage();
    await page.goto(`${site.origin}${path}`);
    const frame = (): Promise<Frame> => cardFrameOf(page);
    await fillCard(await frame());
    await page.evaluate(() => (window as unknown as { startSubmit(): void }).startSubmit());
    await post;
    const settled = () => page.evaluate(() => (window as unknown as { settled?: Settled }).settled);
    assert.equal(await settled(), undefined, 'submit() waits while the POST is in flight');
    return { context, page, frame, settled };
  }

  async function settledWith(page: Page): Promise<Settled> {
    await page.waitForFunction(
      () => (window as unknown as { settled?: Settled }).settled,
      undefined,
      { timeout: 5000 },
    );
    return page.evaluate(() => (window as unknown as { settled: Settled }).settled);
  }

  it('rejects submit() with FRAME_DETACHED when the element is taken off the page', async () => {
    const { context, page } = await submitting('detached_removed');
    await page.evaluate(() => document.querySelector('imp-card-form')!.remove());
    const settled = await settledWith(page);
    assert.equal(settled.code, 'FRAME_DETACHED');
    assert.equal(settled.name, 'FrameDetachedError');
    await context.close();
  });

  it('rejects submit() with FRAME_DETACHED when the frame reloads, and the new frame works', async () => {
    const { context, page, frame } = await submitting('detached_reloaded');
    await (await frame()).evaluate(() => location.reload());
    const settled = await settledWith(page);
    assert.equal(settled.code, 'FRAME_DETACHED');
    // The reloaded form is connected to the page again: its events reach the host.
    const reloaded = await frame();
    const before = await page.evaluate(() => (window as unknown as { events: string[] }).events);
    await reloaded.locator('#card_number').pressSequentially('42');
    await page.waitForFunction(
      (count) => (window as unknown as { events: string[] }).events.length > count,
      before.length,
      { timeout: 5000 },
    );
    await context.close();
  });

  it('rejects submit() when the frame is sent to a page that is not the form, then shows the notice', async () => {
    const { context, page, frame } = await submitting('detached_navigated');
    // Another page of the impcard origin: it loads, and says nothing to the host.
    await (await frame()).evaluate(() => (location.href = '/healthz'));
    const settled = await settledWith(page);
    assert.equal(settled.code, 'FRAME_DETACHED');
    await page
      .locator('imp-card-form [part="unavailable"]')
      .waitFor({ state: 'visible', timeout: 10_000 });
    await context.close();
  });
});
