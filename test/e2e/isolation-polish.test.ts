// The widget's polish in isolated mode: the items (long cards, pasted dates, the page's language
// and theme, a missing token, a second submit after success, the issuer badge) hold when the card
// is typed in the frame of the impcard origin, not only inline
// (widget/imp-card-form/imp-card-form.polish.browser.test.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { startTwoOrigins, type Site, type TwoOrigins } from './isolation-site.ts';
import { fillCard } from './fill-card.ts';
import type { MainProcess } from './start-main.ts';

/** The merchant's script: records the widget's events, as a checkout page would. */
const MERCHANT_JS = String.raw`
window.events = [];
const form = document.querySelector('imp-card-form');
for (const type of ['imp-card-change', 'imp-card-submit', 'imp-card-success', 'imp-card-failure']) {
  form.addEventListener(type, (e) => window.events.push({ type, detail: e.detail }));
}
`;

interface Recorded {
  type: string;
  detail: { code?: string; complete?: boolean };
}

describe('isolated mode: the widget polish holds inside the frame', () => {
  let main: MainProcess;
  let browser: Browser;
  let site: Site;
  let world: TwoOrigins | undefined;

  before(async () => {
    world = await startTwoOrigins();
    ({ site, main, browser } = world);
  });

  after(() => world?.close());

  const mint = (customer: string) => main.mint({ customer_uid: customer, mode: 'billing_key' });

  /**
   * Opens a merchant page (`html` is the `<html>` tag's attributes, `form` the widget's) and waits
   * for the frame's form. Counts the card POSTs any document of the page makes, frame included.
   */
  async function open(
    html: string,
    form: string,
  ): Promise<{
    context: BrowserContext;
    page: Page;
    frame: FrameLocator;
    posts: () => number;
    events: () => Promise<Recorded[]>;
  }> {
    const path = `/${Math.random().toString(36).slice(2)}`;
    site.pages.set('/merchant.js', MERCHANT_JS);
    site.pages.set(
      path,
      `<!doctype html><html ${html}><head><meta charset="utf-8"><title>Checkout</title>
<script src="${main.url}/imp-card.js"></script>
</head><body><imp-card-form ${form}></imp-card-form><script src="/merchant.js"></script></body></html>`,
    );
    const context = await browser.newContext();
    let posts = 0;
    context.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname.endsWith('/v1/registrations')) posts++;
    });
    const page = await context.newPage();
    await page.goto(`${site.origin}${path}`);
    const frame = page.frameLocator('imp-card-form iframe');
    await frame.locator('#card_number').waitFor();
    // Settings arrive by message after the frame loads: the form has a lang once they have.
    await frame
      .locator('imp-card-form[token], imp-card-form[lang]')
      .first()
      .waitFor({ state: 'attached' });
    return {
      context,
      page,
      frame,
      posts: () => posts,
      events: () => page.evaluate(() => (window as unknown as { events: Recorded[] }).events),
    };
  }

  /** A real Ctrl+V: the customer copied `text` elsewhere (another tab), then pastes in the frame. */
  async function paste(
    context: BrowserContext,
    page: Page,
    frame: FrameLocator,
    selector: string,
    text: string,
  ): Promise<void> {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: main.url });
    const elsewhere = await context.newPage();
    await elsewhere.goto(`${main.url}/healthz`);
    await elsewhere.evaluate((value) => navigator.clipboard.writeText(value), text);
    await elsewhere.close();
    await page.bringToFront();
    await frame.locator(selector).click();
    await page.keyboard.press('ControlOrMeta+V');
  }

  it('keeps all 19 digits of a UnionPay card and reads pasted ISO dates', async () => {
    const token = await mint('iso_polish_long');
    const { context, page, frame } = await open('lang="en"', `token="${token}"`);
    await frame.locator('#card_number').pressSequentially('6212340000000001002', { delay: 10 });
    assert.equal(await frame.locator('#card_number').inputValue(), '6212 3400 0000 0001 002');
    assert.equal(await frame.locator('#expiry').inputValue(), '', 'no digit spilled into expiry');
    await paste(context, page, frame, '#expiry', '2029-12');
    assert.equal(await frame.locator('#expiry').inputValue(), '12/29');
    await paste(context, page, frame, '#birth', '1990-01-01');
    assert.equal(await frame.locator('#birth').inputValue(), '900101');
    await context.close();
  });

  it('speaks the page language when the widget has no lang', async () => {
    const token = await mint('iso_polish_lang');
    const en = await open('lang="en"', `token="${token}"`);
    assert.equal(
      (await en.frame.locator('label[for="card_number"]').textContent())?.trim(),
      'Card number',
    );
    await en.context.close();
    const ko = await open('lang="ko"', `token="${token}"`);
    assert.equal(
      (await ko.frame.locator('label[for="card_number"]').textContent())?.trim(),
      '카드번호',
    );
    await ko.context.close();
  });

  it('is light by default and dark with theme="dark", whatever the OS', async () => {
    const token = await mint('iso_polish_theme');
    const background = (frame: FrameLocator): Promise<string> =>
      frame.locator('[part~="form"]').evaluate((el) => getComputedStyle(el).backgroundColor);
    for (const scheme of ['light', 'dark'] as const) {
      const plain = await open('lang="en"', `token="${token}"`);
      await plain.page.emulateMedia({ colorScheme: scheme });
      assert.equal(
        await background(plain.frame),
        'rgb(255, 255, 255)',
        `default on a ${scheme} OS`,
      );
      await plain.context.close();
      const dark = await open('lang="en"', `token="${token}" theme="dark"`);
      await dark.page.emulateMedia({ colorScheme: scheme });
      assert.equal(await background(dark.frame), 'rgb(21, 23, 29)', `dark on a ${scheme} OS`);
      await dark.context.close();
    }
  });

  const fill = (frame: FrameLocator, card: string) => fillCard(frame, { cardNumber: card });

  it('without a token refuses to post, tells the page MISCONFIGURED and the customer a neutral message', async () => {
    const { context, page, frame, posts, events } = await open('lang="en"', '');
    await fill(frame, '5555555555554444');
    await frame.locator('[part~="submit"]').click();
    await page.waitForFunction(() =>
      (window as unknown as { events: Recorded[] }).events.some(
        (e) => e.type === 'imp-card-failure',
      ),
    );
    const failure = (await events()).find((e) => e.type === 'imp-card-failure');
    assert.equal(failure?.detail.code, 'MISCONFIGURED');
    assert.equal(
      (await frame.locator('[part~="status"]').textContent())?.trim(),
      'This form is not available right now.',
    );
    assert.equal(posts(), 0, 'nothing was posted');
    await context.close();
  });

  it('after a success, a second submit neither posts nor leaves the success state', async () => {
    const token = await mint('iso_polish_twice');
    const { context, page, frame, posts, events } = await open('lang="en"', `token="${token}"`);
    await fill(frame, '5555555555554444');
    await frame.locator('[part~="submit"]').click();
    await page.waitForFunction(
      () =>
        (window as unknown as { events: Recorded[] }).events.some(
          (e) => e.type === 'imp-card-success' || e.type === 'imp-card-failure',
        ),
      undefined,
      { timeout: 15_000 },
    );
    assert.ok((await events()).some((e) => e.type === 'imp-card-success'));
    assert.equal(posts(), 1);
    const status = await frame.locator('[part~="status"]').textContent();
    await frame.locator('[part~="submit"]').click();
    await frame.locator('[part~="submit"]').press('Enter');
    // Give a second POST every chance to start before counting.
    await page.waitForTimeout(500);
    assert.equal(posts(), 1, 'no second POST');
    assert.equal(await frame.locator('[part~="status"]').textContent(), status);
    assert.equal(await frame.locator('[part~="error"]:not(:empty)').count(), 0, 'no red errors');
    const types = (await events()).map((e) => e.type);
    assert.equal(types.filter((t) => t === 'imp-card-success').length, 1);
    assert.ok(!types.includes('imp-card-failure'), types.join());
    await context.close();
  });

  it('names the Korean issuer from the prefix, alongside the brand', async () => {
    const token = await mint('iso_polish_issuer');
    const en = await open('lang="en"', `token="${token}"`);
    await en.frame.locator('#card_number').pressSequentially('451842', { delay: 10 });
    await en.frame.locator('[part~="brand"]', { hasText: 'Shinhan' }).waitFor();
    assert.match((await en.frame.locator('[part~="brand"]').textContent()) ?? '', /Visa/);
    await en.context.close();
    const ko = await open('lang="ko"', `token="${token}"`);
    await ko.frame.locator('#card_number').pressSequentially('451842', { delay: 10 });
    await ko.frame.locator('[part~="brand"]', { hasText: '신한' }).waitFor();
    await ko.context.close();
  });
});
