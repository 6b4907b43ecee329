// The customer is never left with a blank space, in isolated mode. When the form's
// frame cannot be used (the page's origin is not allowed, the server is down, the page's CSP
// refuses the frame, the frame never loads), the host shows a notice in its place and fires
// imp-card-failure with FRAME_BLOCKED: at once when something says so, after a timer otherwise,
// and the form still replaces it if the frame answers late. A frame scrolled out of view at load
// is sized to its content (Chromium does not run ResizeObserver in an off-screen frame of another
// origin).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { listen, merchantCsp, type Site } from './isolation-site.ts';
import { startMain, type MainProcess } from './start-main.ts';

const NOTICE = {
  ko: '카드 입력 화면을 불러오지 못했어요. 잠시 후 다시 시도해 주세요.',
  en: 'The card form could not be loaded. Please try again shortly.',
};

/**
 * The merchant's script: records imp-card-failure and when the host's notice comes and goes
 * (milliseconds from this script, which runs right after the element started its frame).
 */
const MERCHANT_JS = String.raw`
window.started = performance.now();
window.failures = [];
window.notices = [];
const el = document.querySelector('imp-card-form');
el.addEventListener('imp-card-failure', (e) => window.failures.push({ at: performance.now() - window.started, detail: e.detail }));
new MutationObserver(() => {
  const shown = !!el.shadowRoot.querySelector('[part~="unavailable"]');
  if (shown !== (window.notices.length % 2 === 1)) window.notices.push(performance.now() - window.started);
}).observe(el.shadowRoot, { childList: true });
`;

interface Failure {
  at: number;
  detail: { code: string; message: string };
}

describe('isolated mode: no blank or clipped space where the card form should be', () => {
  let main: MainProcess;
  let browser: Browser;
  /** A merchant origin in IMPCARD_ALLOWED_ORIGINS, and one that is not. */
  let allowed: Site;
  let refused: Site;
  /** The page's CSP, per test: what docs/isolation.md says by default. */
  let policy: (server: string) => string = (server) => merchantCsp(server);
  /** Where the page loads imp-card.js from: the impcard server unless a test says otherwise. */
  let server = '';

  before(async () => {
    allowed = await listen(() => policy(server));
    refused = await listen(() => policy(server));
    main = await startMain({ IMPCARD_ALLOWED_ORIGINS: allowed.origin });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await main?.stop();
    allowed?.server.close();
    refused?.server.close();
  });

  /** A merchant page with its own script and stylesheet (the page has a strict CSP). */
  async function open(
    site: Site,
    options: {
      body?: string;
      css?: string;
      lang?: string;
      setUp?: (c: BrowserContext) => Promise<unknown>;
    } = {},
  ): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    server ||= main.url;
    const path = `/${Math.random().toString(36).slice(2)}`;
    site.pages.set(
      path,
      `<!doctype html><html lang="${options.lang ?? 'en'}"><head><meta charset="utf-8"><title>Shop</title>
<link rel="stylesheet" href="${path}.css"><script src="${server}/imp-card.js"></script>
</head><body>${options.body ?? '<imp-card-form></imp-card-form><script src="/merchant.js"></script>'}</body></html>`,
    );
    site.pages.set(`${path}.css`, options.css ?? '');
    site.pages.set('/merchant.js', MERCHANT_JS);
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await options.setUp?.(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${site.origin}${path}`);
    return { context, page, errors };
  }

  const failures = (page: Page): Promise<Failure[]> =>
    page.evaluate(() => (window as unknown as { failures: Failure[] }).failures);
  const notices = (page: Page): Promise<number[]> =>
    page.evaluate(() => (window as unknown as { notices: number[] }).notices);

  async function firstFailure(page: Page, timeout = 15_000): Promise<Failure> {
    await page.waitForFunction(
      () => (window as unknown as { failures: Failure[] }).failures.length > 0,
      undefined,
      { timeout },
    );
    return (await failures(page))[0]!;
  }

  /** The form's frame renders its form: the customer can type. */
  const formShown = (page: Page) =>
    page.frameLocator('imp-card-form iframe').locator('#card_number').waitFor({ timeout: 20_000 });

  it('on a page whose origin is not allowed, says so at once, in Korean and in English, and fires FRAME_BLOCKED', async () => {
    for (const lang of ['ko', 'en'] as const) {
      const { context, page, errors } = await open(refused, {
        lang,
        css: 'imp-card-form::part(unavailable) { border-color: rgb(200, 40, 28); }',
      });
      const failure = await firstFailure(page);
      assert.deepEqual(failure.detail, { code: 'FRAME_BLOCKED', message: NOTICE[lang] });
      console.log(
        `refused origin (${lang}): FRAME_BLOCKED ${Math.round(failure.at)} ms after the host started`,
      );
      assert.ok(failure.at < 1000, `at once, not after a timer (${Math.round(failure.at)} ms)`);
      const notice = page.locator('imp-card-form [part~="unavailable"]');
      assert.equal(await notice.textContent(), NOTICE[lang]);
      assert.equal(await notice.getAttribute('role'), 'alert');
      assert.ok(await notice.isVisible());
      assert.equal(
        await notice.evaluate((el) => getComputedStyle(el).borderTopColor),
        'rgb(200, 40, 28)',
        'the page styles it through ::part(unavailable)',
      );
      assert.equal(await page.locator('imp-card-form iframe').isVisible(), false);
      assert.equal((await notices(page)).length, 1, 'shown once, and it stays');
      assert.ok(
        errors.some((e) =>
          e.includes(
            `add ${refused.origin} to the server's allowedOrigins (IMPCARD_ALLOWED_ORIGINS)`,
          ),
        ),
        errors.join('\n'),
      );
      // A surrounding form cannot be submitted without a card; the reason is the notice's.
      assert.equal(
        await page.evaluate(
          () =>
            (document.querySelector('imp-card-form') as HTMLElement & { validationMessage: string })
              .validationMessage,
        ),
        NOTICE[lang],
      );
      await context.close();
    }
  });

  it('believes a refusal only from its own frame', async () => {
    // Another frame of the impcard origin on the page, refused (its origin parameter is not
    // allowed), says so to the page, and so does the page's own script: neither is the host's frame.
    allowed.pages.set(
      '/refuse.js',
      String.raw`
addEventListener('message', (e) => { if (e.data?.type === 'impcard:refused' && e.source !== window) window.heard = true; });
postMessage({ type: 'impcard:refused' }, '*');`,
    );
    const { context, page } = await open(allowed, {
      body: `<script src="/refuse.js"></script><iframe src="${main.url}/frame?origin=https%3A%2F%2Fother.example"></iframe>
<imp-card-form></imp-card-form><script src="/merchant.js"></script>`,
    });
    await formShown(page);
    await page.waitForFunction(() => (window as unknown as { heard?: boolean }).heard);
    assert.deepEqual(await failures(page), []);
    assert.deepEqual(await notices(page), []);
    await context.close();
  });

  it('when the page’s CSP refuses the frame, says so at once', async () => {
    policy = (s) => `default-src 'self'; script-src 'self' ${s}; style-src 'self'`;
    try {
      const { context, page, errors } = await open(allowed);
      const failure = await firstFailure(page);
      assert.equal(failure.detail.code, 'FRAME_BLOCKED');
      console.log(
        `page CSP without frame-src: FRAME_BLOCKED ${Math.round(failure.at)} ms after the host started`,
      );
      assert.ok(failure.at < 1000, `at once (${Math.round(failure.at)} ms)`);
      assert.ok(
        errors.some((e) => /frame-src/.test(e) && e.startsWith('impcard:')),
        errors.join('\n'),
      );
      await context.close();
    } finally {
      policy = (s) => merchantCsp(s);
    }
  });

  it('when the impcard server cannot be reached, says so after the timer', async () => {
    // A port nothing listens on: the page gets imp-card.js from it (through the browser's
    // router), the frame's request finds no server.
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const down = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    closed.close();
    const script = readFileSync(new URL('../../dist/imp-card.js', import.meta.url));
    server = down;
    try {
      const { context, page, errors } = await open(allowed, {
        setUp: (c) =>
          c.route(`${down}/imp-card.js`, (route) =>
            route.fulfill({ body: script, contentType: 'text/javascript' }),
          ),
      });
      const failure = await firstFailure(page);
      assert.deepEqual(failure.detail, { code: 'FRAME_BLOCKED', message: NOTICE.en });
      console.log(`server down: FRAME_BLOCKED ${Math.round(failure.at)} ms after the host started`);
      assert.ok(failure.at >= 2500, `after the timer (${Math.round(failure.at)} ms)`);
      assert.ok(await page.locator('imp-card-form [part~="unavailable"]').isVisible());
      assert.ok(
        errors.some((e) => e.includes(`no answer from ${down}/frame`)),
        errors.join('\n'),
      );
      await context.close();
    } finally {
      server = main.url;
    }
  });

  /** Holds the frame's page back `ms` on its way from the impcard server. */
  const slowFrame = (ms: number) => (c: BrowserContext) =>
    c.route(
      (url) => url.origin === main.url && url.pathname === '/frame',
      async (route) => {
        await new Promise((r) => setTimeout(r, ms));
        await route.continue();
      },
    );

  it('a slow frame is not shown as failed', async () => {
    const { context, page } = await open(allowed, { setUp: slowFrame(4000) });
    await formShown(page);
    const shownAt = await page.evaluate(
      () => performance.now() - (window as unknown as { started: number }).started,
    );
    assert.ok(shownAt >= 4000, `the frame was held back (${Math.round(shownAt)} ms)`);
    assert.deepEqual(await notices(page), [], 'no notice flashed');
    assert.deepEqual(await failures(page), []);
    await context.close();
  });

  it('a frame that comes after the timer replaces the notice with the form', async () => {
    const { context, page } = await open(allowed, { setUp: slowFrame(9500) });
    const failure = await firstFailure(page);
    assert.equal(failure.detail.code, 'FRAME_BLOCKED');
    assert.ok(failure.at >= 7500, `after the timer (${Math.round(failure.at)} ms)`);
    await formShown(page);
    await page.waitForFunction(
      () =>
        document
          .querySelector('imp-card-form')!
          .shadowRoot!.querySelector('iframe')!
          .getBoundingClientRect().height > 300,
    );
    const [shown, gone] = await notices(page);
    console.log(`late frame: notice at ${Math.round(shown!)} ms, form at ${Math.round(gone!)} ms`);
    assert.ok(gone! > shown!, 'the notice went');
    assert.equal(await page.locator('imp-card-form [part~="unavailable"]').count(), 0);
    await context.close();
  });

  it('sizes a frame that is far below the fold to its content, before it is scrolled into view', async () => {
    const token = await main.mint({
      customer_uid: 'iso_offscreen',
      mode: 'payment',
      amount: 12900,
      merchant_uid: 'iso_offscreen_1',
      name: '프리미엄 월간 구독',
    });
    const { context, page } = await open(allowed, {
      body: `<div class="tall"></div><imp-card-form id="a"></imp-card-form>`,
      css: '.tall { height: 4000px; }',
    });
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
