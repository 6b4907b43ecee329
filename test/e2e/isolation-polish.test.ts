// The widget's polish in isolated mode: the items (long cards, pasted dates, the page's language
// and theme, a missing token, a second submit after success, the issuer badge) hold when the card
// is typed in the frame of the impcard origin, not only inline
// (widget/imp-card-form/imp-card-form.polish.browser.test.ts). In every selected engine.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { selectedEngines } from '../engines/selected-engines.mjs';
import type { EngineBrowser, EnginePage, Scope } from './engine-page.ts';
import {
  COPY_JS,
  copyOnPage,
  registrationPosts,
  startTwoOriginsIn,
  type Site,
  type TwoOriginsIn,
} from './isolation-site.ts';
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

for (const engine of selectedEngines()) {
  describe(`[${engine}] isolated mode: the widget polish holds inside the frame`, () => {
    let main: MainProcess;
    let browser: EngineBrowser;
    let site: Site;
    let world: TwoOriginsIn | undefined;

    before(async () => {
      world = await startTwoOriginsIn(engine);
      ({ site, main, browser } = world);
      site.pages.set('/copy.js', COPY_JS);
    });

    after(() => world?.close());

    const mint = (customer: string) =>
      main.mint({ customer_uid: `${customer}_${engine}`, mode: 'billing_key' });

    /**
     * Opens a merchant page (`html` is the `<html>` tag's attributes, `form` the widget's) and
     * waits for the frame's form. Counts the card POSTs the server received since, frame included.
     */
    async function open(
      html: string,
      form: string,
    ): Promise<{
      page: EnginePage;
      frame: Scope;
      posts: () => number;
      events: () => Promise<Recorded[]>;
    }> {
      const path = `/${Math.random().toString(36).slice(2)}`;
      site.pages.set('/merchant.js', MERCHANT_JS);
      site.pages.set(
        path,
        `<!doctype html><html ${html}><head><meta charset="utf-8"><title>Checkout</title>
<script src="${main.url}/imp-card.js"></script><script src="/copy.js"></script>
</head><body><imp-card-form ${form}></imp-card-form><button id="copy">Copy</button><script src="/merchant.js"></script></body></html>`,
      );
      const page = await browser.newPage();
      const before = registrationPosts(main);
      await page.goto(`${site.origin}${path}`);
      const frame = await page.cardFrame();
      // Settings arrive by message after the frame loads: the form has a lang once they have.
      await frame.waitForSelector('imp-card-form[token], imp-card-form[lang]');
      return {
        page,
        frame,
        posts: () => registrationPosts(main) - before,
        events: () => page.evaluate(() => (window as unknown as { events: Recorded[] }).events),
      };
    }

    /** A real Ctrl+V: the customer copied `text` (on the page), then pastes in the frame. */
    async function paste(
      page: EnginePage,
      frame: Scope,
      selector: string,
      text: string,
    ): Promise<void> {
      await copyOnPage(page, text);
      await frame.click(selector);
      await page.press('Control+V');
    }

    it('keeps all 19 digits of a UnionPay card and reads pasted ISO dates', async () => {
      const token = await mint('iso_polish_long');
      const { page, frame } = await open('lang="en"', `token="${token}"`);
      await frame.fill('#card_number', '6212340000000001002');
      assert.equal(await frame.value('#card_number'), '6212 3400 0000 0001 002');
      assert.equal(await frame.value('#expiry'), '', 'no digit spilled into expiry');
      await paste(page, frame, '#expiry', '2029-12');
      assert.equal(await frame.value('#expiry'), '12/29');
      await paste(page, frame, '#birth', '1990-01-01');
      assert.equal(await frame.value('#birth'), '900101');
      await page.close();
    });

    it('speaks the page language when the widget has no lang', async () => {
      const token = await mint('iso_polish_lang');
      const en = await open('lang="en"', `token="${token}"`);
      assert.equal((await en.frame.text('label[for="card_number"]'))?.trim(), 'Card number');
      await en.page.close();
      const ko = await open('lang="ko"', `token="${token}"`);
      assert.equal((await ko.frame.text('label[for="card_number"]'))?.trim(), '카드번호');
      await ko.page.close();
    });

    const background = (frame: Scope): Promise<string> =>
      frame.on('[part~="form"]', (el: Element) => getComputedStyle(el).backgroundColor);

    it('is light by default and dark with theme="dark"', async () => {
      const token = await mint('iso_polish_theme');
      const plain = await open('lang="en"', `token="${token}"`);
      assert.equal(await background(plain.frame), 'rgb(255, 255, 255)');
      await plain.page.close();
      const dark = await open('lang="en"', `token="${token}" theme="dark"`);
      assert.equal(await background(dark.frame), 'rgb(21, 23, 29)');
      await dark.page.close();
    });

    it(
      'keeps its theme whatever the OS colour scheme',
      // Only Chromium's driver (CDP) emulates prefers-color-scheme: puppeteer has no WebDriver BiDi
      // command for it (Firefox) and classic WebDriver has none (WebKit). The test above holds
      // there under the engine's own scheme.
      { skip: engine !== 'chromium' && 'the driver cannot emulate the OS colour scheme' },
      async () => {
        const token = await mint('iso_polish_scheme');
        for (const scheme of ['light', 'dark'] as const) {
          const plain = await open('lang="en"', `token="${token}"`);
          assert.ok(await plain.page.emulateColorScheme(scheme));
          assert.equal(
            await background(plain.frame),
            'rgb(255, 255, 255)',
            `default on a ${scheme} OS`,
          );
          await plain.page.close();
          const dark = await open('lang="en"', `token="${token}" theme="dark"`);
          assert.ok(await dark.page.emulateColorScheme(scheme));
          assert.equal(await background(dark.frame), 'rgb(21, 23, 29)', `dark on a ${scheme} OS`);
          await dark.page.close();
        }
      },
    );

    const fill = (frame: Scope, card: string) => fillCard(frame, { cardNumber: card });

    it('without a token refuses to post, tells the page MISCONFIGURED and the customer a neutral message', async () => {
      const { page, frame, posts, events } = await open('lang="en"', '');
      await fill(frame, '5555555555554444');
      await frame.click('[part~="submit"]');
      await page.waitFor(() =>
        (window as unknown as { events: Recorded[] }).events.some(
          (e) => e.type === 'imp-card-failure',
        ),
      );
      const failure = (await events()).find((e) => e.type === 'imp-card-failure');
      assert.equal(failure?.detail.code, 'MISCONFIGURED');
      assert.equal(
        (await frame.text('[part~="status"]'))?.trim(),
        'This form is not available right now.',
      );
      // Give a POST every chance to reach the server's log before counting.
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(posts(), 0, 'nothing was posted');
      await page.close();
    });

    it('after a success, a second submit neither posts nor leaves the success state', async () => {
      const token = await mint('iso_polish_twice');
      const { page, frame, posts, events } = await open('lang="en"', `token="${token}"`);
      await fill(frame, '5555555555554444');
      await frame.click('[part~="submit"]');
      await page.waitFor(
        () =>
          (window as unknown as { events: Recorded[] }).events.some(
            (e) => e.type === 'imp-card-success' || e.type === 'imp-card-failure',
          ),
        undefined,
        { timeout: 15_000 },
      );
      assert.ok((await events()).some((e) => e.type === 'imp-card-success'));
      const status = await frame.text('[part~="status"]');
      await frame.click('[part~="submit"]');
      await frame.focus('[part~="submit"]');
      await page.press('Enter');
      // Give a second POST every chance to start (and reach the server's log) before counting.
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(posts(), 1, 'one POST, no second');
      assert.equal(await frame.text('[part~="status"]'), status);
      assert.equal(
        await frame.evaluate(
          () =>
            [
              ...document
                .querySelector('imp-card-form')!
                .shadowRoot!.querySelectorAll('[part~="error"]'),
            ].filter((el) => el.textContent !== '').length,
        ),
        0,
        'no red errors',
      );
      const types = (await events()).map((e) => e.type);
      assert.equal(types.filter((t) => t === 'imp-card-success').length, 1);
      assert.ok(!types.includes('imp-card-failure'), types.join());
      await page.close();
    });

    it('names the Korean issuer from the prefix, alongside the brand', async () => {
      const token = await mint('iso_polish_issuer');
      const en = await open('lang="en"', `token="${token}"`);
      await en.frame.fill('#card_number', '451842');
      assert.match(await en.frame.waitForText('[part~="brand"]', /Shinhan/), /Visa/);
      await en.page.close();
      const ko = await open('lang="ko"', `token="${token}"`);
      await ko.frame.fill('#card_number', '451842');
      await ko.frame.waitForText('[part~="brand"]', /신한/);
      await ko.page.close();
    });
  });
}
