// Issue 18, "the customer is never left with a blank space", in isolated mode: a frame scrolled out
// of view at load is sized to its content (Chromium does not run ResizeObserver in an off-screen
// frame of another origin).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { listen, merchantCsp, type Site } from './isolation-site.ts';
import { startMain, type MainProcess } from './start-main.ts';

describe('isolated mode: no blank or clipped space where the card form should be', () => {
  let main: MainProcess;
  let browser: Browser;
  let site: Site;

  before(async () => {
    let serverUrl = '';
    site = await listen(() => merchantCsp(serverUrl));
    main = await startMain({ IMPCARD_ALLOWED_ORIGINS: site.origin });
    serverUrl = main.url;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await main?.stop();
    site?.server.close();
  });

  /** A merchant page with its own stylesheet (no inline code: the page has a strict CSP). */
  async function open(body: string, css = ''): Promise<{ context: BrowserContext; page: Page }> {
    const path = `/${Math.random().toString(36).slice(2)}`;
    site.pages.set(
      path,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<link rel="stylesheet" href="${path}.css"><script src="${main.url}/imp-card.js"></script>
</head><body>${body}</body></html>`,
    );
    site.pages.set(`${path}.css`, css);
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(`${site.origin}${path}`);
    return { context, page };
  }

  it('sizes a frame that is far below the fold to its content, before it is scrolled into view', async () => {
    const token = await main.mint({
      customer_uid: 'iso_offscreen',
      mode: 'payment',
      amount: 12900,
      merchant_uid: 'iso_offscreen_1',
      name: '프리미엄 월간 구독',
    });
    const { context, page } = await open(
      `<div class="tall"></div><imp-card-form id="a"></imp-card-form>`,
      '.tall { height: 4000px; }',
    );
    const iframe = () =>
      page.evaluate(() =>
        document.getElementById('a')!.shadowRoot!.querySelector('iframe')!.getBoundingClientRect(),
      );
    // Connected: the frame's form sent its own validation message.
    await page.waitForFunction(() => {
      const el = document.getElementById('a') as HTMLElement & { validationMessage: string };
      return el.validationMessage !== '' && el.validationMessage !== 'Enter your card details.';
    });
    assert.ok((await iframe()).top > 3000, 'the frame is out of view');
    // The merchant's backend mints the token after the page loaded (as the demo does): by then
    // Chromium has stopped rendering the off-screen frame, and the order summary the token brings
    // makes the form taller.
    await page.waitForTimeout(1000);
    const before = (await iframe()).height;
    await page.evaluate((t) => document.getElementById('a')!.setAttribute('token', t), token);
    const frame = await (await page.locator('#a iframe').elementHandle()).contentFrame();
    assert.ok(frame);
    // Measured inside the frame without scrolling: layout is computed on demand, even in a frame
    // that is not being rendered.
    const content = () =>
      frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    await frame.locator('[part~="order"]').waitFor({ state: 'attached' });
    const settled = async () => {
      let sizes = { frame: 0, content: -1 };
      for (let i = 0; i < 30 && sizes.frame !== sizes.content; i++) {
        if (i > 0) await page.waitForTimeout(100);
        sizes = { frame: (await iframe()).height, content: await content() };
      }
      return sizes;
    };
    const ordered = await settled();
    assert.ok(ordered.content > before, `the order summary made it taller (${before} px before)`);
    assert.equal(
      ordered.frame,
      ordered.content,
      'the frame is as tall as its content, out of view',
    );

    // A theme change alters the height with no new element in the form.
    await page.evaluate(() =>
      document.getElementById('a')!.style.setProperty('--imp-card-spacing', '40px'),
    );
    const spaced = await settled();
    assert.ok(
      spaced.content > ordered.content,
      `wider spacing made it taller (${ordered.content} px before)`,
    );
    assert.equal(spaced.frame, spaced.content, 'still as tall as its content');
    await context.close();
  });
});
