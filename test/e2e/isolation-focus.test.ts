// Isolated mode, where a real frame of the impcard origin is needed: the page's focus() and
// submit() and a native submit of the merchant's <form> put the customer's next key into the
// right field of a frame nobody has clicked in yet, and a native submit shows the errors there;
// the host's own texts and the frame's first validity message speak the page's language, whatever
// the browser's. WebKit refuses focus() to a cross-origin frame without the customer's
// interaction: these tests type real keys rather than read `activeElement`, so they hold the
// engine to what the customer sees (frame-entry.ts, `settle`).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { en } from '../../widget/i18n/index.ts';
import { HOST_TEXTS } from '../../widget/isolated/host-texts.ts';
import { cardFrameOf } from './fill-card.ts';
import { startTwoOrigins, type Site, type TwoOrigins } from './isolation-site.ts';
import type { MainProcess } from './start-main.ts';

/**
 * Records every message the frame sends the host over their channel (a page script can wrap the
 * port's `onmessage` setter before the host sets it: docs/isolation.md says the page sees these).
 */
const RECORD_PORT = String.raw`
window.fromFrame = [];
const set = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage').set;
Object.defineProperty(MessagePort.prototype, 'onmessage', {
  set(fn) { set.call(this, (e) => { window.fromFrame.push(e.data); return fn(e); }); },
});
`;

describe('isolated mode: focus and native submit reach the fields in the frame', () => {
  let main: MainProcess;
  let browser: Browser;
  let site: Site;
  let world: TwoOrigins | undefined;

  before(async () => {
    world = await startTwoOrigins();
    ({ site, main, browser } = world);
  });

  after(() => world?.close());

  /** A fresh page (nothing clicked in the frame) with `body`; `locale` is the browser's language. */
  async function open(
    body: string,
    locale = 'en-US',
  ): Promise<{ context: BrowserContext; page: Page; frame: Frame }> {
    const path = `/${Math.random().toString(36).slice(2)}`;
    site.pages.set('/record.js', RECORD_PORT);
    site.pages.set(
      '/checkout.js',
      `window.submitted = 0;
document.getElementById('checkout').addEventListener('submit', (e) => { e.preventDefault(); window.submitted++; });`,
    );
    site.pages.set(
      path,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Checkout</title>
<script src="/record.js"></script><script src="${main.url}/imp-card.js"></script>
</head><body>${body}</body></html>`,
    );
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto(`${site.origin}${path}`);
    const frame = await cardFrameOf(page);
    // Settings arrive by message after the frame loads: the token is there once they have.
    await frame.locator('imp-card-form[token]').waitFor({ state: 'attached' });
    return { context, page, frame };
  }

  const value = (frame: Frame, id: string): Promise<string> => frame.locator(`#${id}`).inputValue();

  for (const method of ['focus', 'submit'] as const) {
    it(`${method}() called by the page puts the next key into the card number`, async () => {
      const token = await main.mint({ customer_uid: `iso_focus_${method}`, mode: 'billing_key' });
      const { context, page, frame } = await open(
        `<button id="pay">Pay</button><imp-card-form token="${token}"></imp-card-form>`,
      );
      // The customer was on the page, not in the frame.
      await page.locator('#pay').focus();
      await page.evaluate((m) => {
        const el = document.querySelector<HTMLElement & { submit(): Promise<void> }>(
          'imp-card-form',
        )!;
        if (m === 'focus') el.focus();
        else void el.submit();
      }, method);
      await page.waitForTimeout(200);
      await page.keyboard.type('4242');
      assert.equal(await value(frame, 'card_number'), '4242');
      await context.close();
    });
  }

  it('a native submit of the page’s form with an empty card shows the errors in the frame and focuses the card number', async () => {
    const token = await main.mint({ customer_uid: 'iso_native_submit', mode: 'billing_key' });
    const { context, page, frame } = await open(
      `<form id="checkout"><imp-card-form token="${token}"></imp-card-form><button id="go">Order</button></form>
<script src="/checkout.js"></script>`,
    );
    await page.locator('#go').click();
    await frame.locator('#card_number[aria-invalid="true"]').waitFor();
    assert.equal(
      await frame.locator('#card_number-error').textContent(),
      en.fields.card_number.errors.required,
    );
    assert.equal(
      await frame.locator('#expiry-error').textContent(),
      en.fields.expiry.errors.required,
    );
    await page.keyboard.type('5555');
    assert.equal(await value(frame, 'card_number'), '5555');
    assert.equal(
      await page.evaluate(() => (window as unknown as { submitted: number }).submitted),
      0,
    );
    // A bare checkValidity() by the page checks, and neither shows errors nor moves focus.
    await frame.locator('#card_number').fill('');
    await frame
      .locator('imp-card-form')
      .evaluate((el: HTMLElement & { reset(): void }) => el.reset());
    await page.locator('#go').focus();
    assert.equal(
      await page.evaluate(() =>
        (document.getElementById('checkout') as HTMLFormElement).checkValidity(),
      ),
      false,
    );
    await page.waitForTimeout(200);
    assert.equal(await frame.locator('[aria-invalid="true"]').count(), 0);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'go');
    await context.close();
  });

  it('on an English page in a Korean browser, the frame’s title and every validity message are English', async () => {
    const token = await main.mint({ customer_uid: 'iso_lang_early', mode: 'billing_key' });
    const { context, page } = await open(
      `<imp-card-form token="${token}"></imp-card-form>`,
      'ko-KR',
    );
    assert.equal(await page.evaluate(() => navigator.language), 'ko-KR');
    const host = page.locator('imp-card-form');
    assert.equal(await host.locator('iframe').getAttribute('title'), HOST_TEXTS.en.title);
    await page.waitForFunction(() =>
      (window as unknown as { fromFrame: Array<{ type: string }> }).fromFrame.some(
        (m) => m.type === 'validity',
      ),
    );
    const validity = await page.evaluate(() =>
      (window as unknown as { fromFrame: Array<{ type: string; message?: string }> }).fromFrame
        .filter((m) => m.type === 'validity')
        .map((m) => m.message),
    );
    assert.deepEqual(validity, [en.fields.card_number.errors.required]);
    await context.close();
  });
});
