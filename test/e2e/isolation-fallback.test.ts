// The customer is never left with a blank space, in isolated mode. When the form's
// frame cannot be used (the page's origin is not allowed, the server is down, the page's CSP
// refuses the frame, the frame never loads), the host shows a notice in its place and fires
// imp-card-failure with FRAME_BLOCKED: at once when something says so, after a timer otherwise,
// and the form still replaces it if the frame answers late. A frame scrolled out of view at load
// is sized to its content (Chromium does not run ResizeObserver in an off-screen frame of another
// origin). In every selected engine; a slow or absent server is a loopback server of the test's
// (delaying-proxy.ts), so every engine meets the same network.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { selectedEngines } from '../engines/selected-engines.mjs';
import { delayingProxy, scriptOnly } from './delaying-proxy.ts';
import { launchEngine, type EngineBrowser, type EnginePage } from './engine-page.ts';
import { listen, merchantCsp, PROBLEMS_JS, type Site } from './isolation-site.ts';
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

let main: MainProcess;
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
  for (const site of [allowed, refused]) site.pages.set('/problems.js', PROBLEMS_JS);
});

after(async () => {
  await main?.stop();
  allowed?.server.close();
  refused?.server.close();
});

for (const engine of selectedEngines())
  describe(`[${engine}] isolated mode: no blank or clipped space where the card form should be`, () => {
    let browser: EngineBrowser;

    before(async () => {
      browser = await launchEngine(engine);
    });

    after(() => browser?.close());

    /** A merchant page with its own script and stylesheet (the page has a strict CSP). */
    async function open(
      site: Site,
      options: { body?: string; css?: string; lang?: string } = {},
    ): Promise<{ page: EnginePage; errors: () => Promise<string[]> }> {
      server ||= main.url;
      const path = `/${Math.random().toString(36).slice(2)}`;
      site.pages.set(
        path,
        `<!doctype html><html lang="${options.lang ?? 'en'}"><head><meta charset="utf-8"><title>Shop</title>
<script src="/problems.js"></script>
<link rel="stylesheet" href="${path}.css"><script src="${server}/imp-card.js"></script>
</head><body>${options.body ?? '<imp-card-form></imp-card-form><script src="/merchant.js"></script>'}</body></html>`,
      );
      site.pages.set(`${path}.css`, options.css ?? '');
      site.pages.set('/merchant.js', MERCHANT_JS);
      const page = await browser.newPage();
      await page.goto(`${site.origin}${path}`);
      // The page's console.error calls, as the page itself recorded them (PROBLEMS_JS): the host
      // reports there, and WebKit's driver cannot read the console.
      const errors = () =>
        page.evaluate(() =>
          (window as unknown as { problems: string[] }).problems
            .filter((p) => p.startsWith('error '))
            .map((p) => p.slice('error '.length)),
        );
      return { page, errors };
    }

    const failures = (page: EnginePage): Promise<Failure[]> =>
      page.evaluate(() => (window as unknown as { failures: Failure[] }).failures);
    const notices = (page: EnginePage): Promise<number[]> =>
      page.evaluate(() => (window as unknown as { notices: number[] }).notices);

    async function firstFailure(page: EnginePage, timeout = 15_000): Promise<Failure> {
      await page.waitFor(
        () => (window as unknown as { failures: Failure[] }).failures.length > 0,
        undefined,
        { timeout },
      );
      return (await failures(page))[0]!;
    }

    /** The form's frame renders its form: the customer can type. */
    const formShown = async (page: EnginePage) => {
      await page.waitForSelector('imp-card-form >>> iframe', { timeout: 20_000 });
      await page.frame().waitForSelector('#card_number', { timeout: 20_000 });
    };

    it('on a page whose origin is not allowed, says so at once, in Korean and in English, and fires FRAME_BLOCKED', async () => {
      for (const lang of ['ko', 'en'] as const) {
        const { page, errors } = await open(refused, {
          lang,
          css: 'imp-card-form::part(unavailable) { border-color: rgb(200, 40, 28); }',
        });
        const failure = await firstFailure(page);
        assert.deepEqual(failure.detail, { code: 'FRAME_BLOCKED', message: NOTICE[lang] });
        console.log(
          `[${engine}] refused origin (${lang}): FRAME_BLOCKED ${Math.round(failure.at)} ms after the host started`,
        );
        assert.ok(failure.at < 1000, `at once, not after a timer (${Math.round(failure.at)} ms)`);
        const notice = 'imp-card-form >>> [part~="unavailable"]';
        assert.equal(await page.text(notice), NOTICE[lang]);
        assert.equal(await page.attribute(notice, 'role'), 'alert');
        assert.ok(await page.visible(notice));
        assert.equal(
          await page.on(notice, (el: Element) => getComputedStyle(el).borderTopColor),
          'rgb(200, 40, 28)',
          'the page styles it through ::part(unavailable)',
        );
        assert.equal(await page.visible('imp-card-form >>> iframe'), false);
        assert.equal((await notices(page)).length, 1, 'shown once, and it stays');
        const logged = await errors();
        assert.ok(
          logged.some((e) =>
            e.includes(
              `add ${refused.origin} to the server's allowedOrigins (IMPCARD_ALLOWED_ORIGINS)`,
            ),
          ),
          logged.join('\n'),
        );
        // A surrounding form cannot be submitted without a card; the reason is the notice's.
        assert.equal(
          await page.evaluate(
            () =>
              (
                document.querySelector('imp-card-form') as HTMLElement & {
                  validationMessage: string;
                }
              ).validationMessage,
          ),
          NOTICE[lang],
        );
        await page.close();
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
      const { page } = await open(allowed, {
        body: `<script src="/refuse.js"></script><iframe src="${main.url}/frame?origin=https%3A%2F%2Fother.example"></iframe>
<imp-card-form></imp-card-form><script src="/merchant.js"></script>`,
      });
      await formShown(page);
      await page.waitFor(() => (window as unknown as { heard?: boolean }).heard);
      assert.deepEqual(await failures(page), []);
      assert.deepEqual(await notices(page), []);
      await page.close();
    });

    it('when the page’s CSP refuses the frame, says so at once', async () => {
      policy = (s) => `default-src 'self'; script-src 'self' ${s}; style-src 'self'`;
      try {
        const { page, errors } = await open(allowed);
        const failure = await firstFailure(page);
        assert.equal(failure.detail.code, 'FRAME_BLOCKED');
        console.log(
          `[${engine}] page CSP without frame-src: FRAME_BLOCKED ${Math.round(failure.at)} ms after the host started`,
        );
        assert.ok(failure.at < 1000, `at once (${Math.round(failure.at)} ms)`);
        const logged = await errors();
        assert.ok(
          logged.some((e) => /frame-src/.test(e) && e.startsWith('impcard:')),
          logged.join('\n'),
        );
        await page.close();
      } finally {
        policy = (s) => merchantCsp(s);
      }
    });

    it('when the impcard server cannot be reached, says so after the timer', async () => {
      // A server that serves imp-card.js and drops every other connection unanswered: the frame's
      // request finds no impcard server.
      const down = await scriptOnly(
        readFileSync(new URL('../../dist/imp-card.js', import.meta.url)),
      );
      server = down.url;
      try {
        const { page, errors } = await open(allowed);
        const failure = await firstFailure(page);
        assert.deepEqual(failure.detail, { code: 'FRAME_BLOCKED', message: NOTICE.en });
        console.log(
          `[${engine}] server down: FRAME_BLOCKED ${Math.round(failure.at)} ms after the host started`,
        );
        assert.ok(failure.at >= 2500, `after the timer (${Math.round(failure.at)} ms)`);
        assert.ok(await page.visible('imp-card-form >>> [part~="unavailable"]'));
        const logged = await errors();
        assert.ok(
          logged.some((e) => e.includes(`no answer from ${down.url}/frame`)),
          logged.join('\n'),
        );
        await page.close();
      } finally {
        server = main.url;
        down.server.close();
      }
    });

    /**
     * Opens the page with the impcard server behind a proxy that holds the frame's page back `ms`
     * (the page loads imp-card.js from the proxy, so the frame comes through it too).
     */
    async function openSlow(ms: number) {
      const proxy = await delayingProxy(main.url, (path) => (path === '/frame' ? ms : 0));
      server = proxy.url;
      try {
        return { ...(await open(allowed)), proxy };
      } finally {
        server = main.url;
      }
    }

    it('a slow frame is not shown as failed', async () => {
      const { page, proxy } = await openSlow(4000);
      await formShown(page);
      const shownAt = await page.evaluate(
        () => performance.now() - (window as unknown as { started: number }).started,
      );
      assert.ok(shownAt >= 4000, `the frame was held back (${Math.round(shownAt)} ms)`);
      assert.deepEqual(await notices(page), [], 'no notice flashed');
      assert.deepEqual(await failures(page), []);
      await page.close();
      proxy.close();
    });

    it('a frame that comes after the timer replaces the notice with the form', async () => {
      const { page, proxy } = await openSlow(9500);
      const failure = await firstFailure(page);
      assert.equal(failure.detail.code, 'FRAME_BLOCKED');
      assert.ok(failure.at >= 7500, `after the timer (${Math.round(failure.at)} ms)`);
      await formShown(page);
      await page.waitFor(
        () =>
          document
            .querySelector('imp-card-form')!
            .shadowRoot!.querySelector('iframe')!
            .getBoundingClientRect().height > 300,
      );
      const [shown, gone] = await notices(page);
      console.log(
        `[${engine}] late frame: notice at ${Math.round(shown!)} ms, form at ${Math.round(gone!)} ms`,
      );
      assert.ok(gone! > shown!, 'the notice went');
      assert.equal(await page.count('imp-card-form >>> [part~="unavailable"]'), 0);
      await page.close();
      proxy.close();
    });

    it('sizes a frame that is far below the fold to its content, before it is scrolled into view', async () => {
      const token = await main.mint({
        customer_uid: `iso_offscreen_${engine}`,
        mode: 'payment',
        amount: 12900,
        merchant_uid: `iso_offscreen_${engine}`,
        name: '프리미엄 월간 구독',
      });
      const { page } = await open(allowed, {
        body: `<div class="tall"></div><imp-card-form id="a"></imp-card-form>`,
        css: '.tall { height: 4000px; }',
      });
      const iframe = () =>
        page.evaluate(() => {
          const r = document
            .getElementById('a')!
            .shadowRoot!.querySelector('iframe')!
            .getBoundingClientRect();
          return { top: r.top, height: r.height };
        });
      // Connected: the frame's form sent its own validation message.
      await page.waitFor(() => {
        const el = document.getElementById('a') as HTMLElement & { validationMessage: string };
        return el.validationMessage !== '' && el.validationMessage !== 'Enter your card details.';
      });
      assert.ok((await iframe()).top > 3000, 'the frame is out of view');
      // The merchant's backend mints the token after the page loaded (as the demo does): by then
      // Chromium has stopped rendering the off-screen frame, and the order summary the token brings
      // makes the form taller.
      await new Promise((r) => setTimeout(r, 1000));
      const before = (await iframe()).height;
      await page.evaluate((t) => document.getElementById('a')!.setAttribute('token', t), token);
      const frame = page.frame('#a');
      // Measured inside the frame without scrolling: layout is computed on demand, even in a frame
      // that is not being rendered.
      const content = () =>
        frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
      await frame.waitForSelector('[part~="order"]');
      const settled = async () => {
        let sizes = { frame: 0, content: -1 };
        for (let i = 0; i < 30 && sizes.frame !== sizes.content; i++) {
          if (i > 0) await new Promise((r) => setTimeout(r, 100));
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
      await page.close();
    });
  });
