import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { en, ko } from '../../widget/i18n/index.ts';
import { selectedEngines } from '../engines/selected-engines.mjs';
import { launchEngine, type EngineBrowser, type EnginePage, type Scope } from './engine-page.ts';
import { fillCard } from './fill-card.ts';
import { startMain, type MainProcess } from './start-main.ts';

// The README's screenshot is refreshed only on request (UPDATE_DOCS=1), so a test run never dirties
// the work tree; otherwise it lands in the ignored test/.artifacts/ for a look.
const shots = fileURLToPath(
  new URL(process.env.UPDATE_DOCS ? '../../docs/' : '../.artifacts/', import.meta.url),
);

/** The card form of a demo section: isolated mode, so inside the frame the host renders. */
const formIn = (page: EnginePage, scope: string): Scope => page.frame(`${scope} imp-card-form`);

async function typeCard(page: EnginePage, scope: string, card: string) {
  const form = await page.cardFrame(`${scope} imp-card-form`);
  await fillCard(form, { cardNumber: card, delay: 15 });
  await form.click('[part~="submit"]');
}

/** Waits until the element reads `text` (the frame renders a moment after its settings arrive). */
async function expectText(scope: Scope, selector: string, text: string): Promise<void> {
  const deadline = Date.now() + 5000;
  let last: string | null = null;
  while (Date.now() < deadline) {
    if ((last = await scope.text(selector)) === text) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.equal(last, text);
}

/** The text of the first element matching the (light DOM) `selector` once there is one. */
const firstText = async (page: EnginePage, selector: string, pattern: RegExp = /./) =>
  String(
    await page.waitFor(
      ({ s, p }) => {
        const hit = [...document.querySelectorAll(s)].find((el) =>
          new RegExp(p).test(el.textContent ?? ''),
        );
        return hit?.textContent ?? false;
      },
      { s: selector, p: pattern.source },
      { timeout: 15_000 },
    ),
  );

/** Chooses `value` in a select as a person does: the value, then input and change. */
const choose = (page: EnginePage, selector: string, value: string) =>
  page.on(
    selector,
    (el: HTMLSelectElement, v: string) => {
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    },
    value,
  );

/** A page on another origin that embeds the widget by script tag. */
function embeddingPage(server: string, token: string): string {
  return `<!doctype html><html><body>
<script src="${server}/imp-card.js"></script>
<imp-card-form lang="en" endpoint="${server}/v1/registrations" token="${token}"></imp-card-form>
<output id="result"></output>
<script>
  const out = document.getElementById('result');
  const form = document.querySelector('imp-card-form');
  form.addEventListener('imp-card-success', (e) => { out.dataset.status = 'success'; out.textContent = JSON.stringify(e.detail); });
  form.addEventListener('imp-card-failure', (e) => { out.dataset.status = 'failed'; out.textContent = e.detail.code; });
</script></body></html>`;
}

async function listen(pages: Map<string, string>): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const html = pages.get(req.url ?? '');
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html' }).end(html ?? 'not found');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

for (const engine of selectedEngines())
  describe(`[${engine}] end to end: npm start, the demo page and an embedding merchant page`, () => {
    let main: MainProcess;
    let browser: EngineBrowser;
    const allowedPages = new Map<string, string>();
    const refusedPages = new Map<string, string>();
    let allowed: { server: Server; origin: string };
    let refused: { server: Server; origin: string };
    // The two demo tests share one page, so the screenshot shows every section's results.
    let page: EnginePage;

    before(async () => {
      allowed = await listen(allowedPages);
      refused = await listen(refusedPages);
      main = await startMain({ IMPCARD_ALLOWED_ORIGINS: allowed.origin });
      browser = await launchEngine(engine);
    });

    after(async () => {
      await page?.close();
      await browser?.close();
      await main?.stop();
      allowed?.server.close();
      refused?.server.close();
    });

    it('registers a card typed key by key on the demo, then charges the key again', async () => {
      page = await browser.newPage();
      await page.setViewport(1280, 900);
      await page.goto(`${main.url}/`);
      await page.waitFor(() =>
        document.body.innerText.includes('SANDBOX MODE — no real money moves'),
      );
      const section = 'section[data-mode="billing_key"]';
      // Isolated mode: the page is on localhost, the card form in a frame of 127.0.0.1.
      assert.match(main.url, /^http:\/\/localhost:/);
      // The host navigates its frame itself (the URL carries the channel's nonce, never the iframe's
      // src attribute): read the frame's own URL.
      await page.waitForSelector(`${section} imp-card-form >>> iframe`);
      const frameUrl = await formIn(page, section).waitFor<string | false>(
        () => location.href.startsWith('http') && location.href,
      );
      assert.match(
        String(frameUrl),
        /^http:\/\/127\.0\.0\.1:\d+\/frame\?origin=http%3A%2F%2Flocalhost%3A[^#]*#n=/,
      );
      // The demo's backend mints the token asynchronously; wait for it before typing.
      await page.waitFor(
        (s) => !!document.querySelector(`${s} imp-card-form`)?.getAttribute('token'),
        section,
      );
      const form = await page.cardFrame(`${section} imp-card-form`);
      await fillCard(form, { cardNumber: '4242424242424242', delay: 15 });
      // Read before submitting: a success clears the card from the screen, and it can come back
      // before a read after the click.
      assert.equal(await form.value('#card_number'), '4242 4242 4242 4242');
      await form.click('[part~="submit"]');
      assert.match(await firstText(page, `${section} .results li.ok`), /billing key demo_/);
      await page.click(`${section} [data-action="charge"]`);
      await firstText(page, `${section} .results li.ok`, /charge again/);
      assert.match(await firstText(page, `${section} .results li`), /paid ₩9,900/);
    });

    it('shows the decline card’s error in the widget, then pays with a good card; the webhook is logged', async () => {
      const section = 'section[data-mode="payment"]';
      await page.waitFor(
        (s) => !!document.querySelector(`${s} imp-card-form`)?.getAttribute('token'),
        section,
      );
      await typeCard(page, section, '4000000000000002');
      const frame = formIn(page, section);
      const status = '[part~="status"]';
      assert.match(await firstText(page, `${section} .results li.failed`), /CARD_DECLINED/);
      // The card company's own words travel sandbox → server → widget (the sandbox's decline text).
      const declined = (await frame.text(status)) ?? '';
      const english = `${en.errors.CARD_DECLINED} Card company: `;
      assert.ok(declined.startsWith(english), declined);
      const reason = declined.slice(english.length);
      assert.match(reason, /한도초과/);
      // The customer switches to Korean with the refusal on screen: it is said again in Korean (the
      // card company's words stay as they came), and back.
      await choose(page, '#lang', 'ko');
      await expectText(frame, status, `${ko.errors.CARD_DECLINED} 카드사 응답: ${reason}`);
      await choose(page, '#lang', 'en');
      await expectText(frame, status, declined);
      // The same token is still good for another card: the customer clears the number, types another.
      await frame.click('#card_number');
      await page.press('Control+A');
      await page.press('Backspace');
      assert.equal(await frame.value('#card_number'), '');
      await page.type('5555555555554444', 15);
      await frame.click('[part~="submit"]');
      await firstText(page, `${section} .results li.ok`);
      // Subscribe too: pay and store the card in one step.
      const subscribe = 'section[data-mode="billing_key_and_payment"]';
      await typeCard(page, subscribe, '4242424242424242');
      assert.match(
        await firstText(page, `${subscribe} .results li.ok`),
        /paid ₩9,900.*billing key demo_/,
      );
      // i'mport's webhooks (charge again, payment, subscription) arrive after the answers.
      await page.waitFor(
        () => document.querySelectorAll('#webhooks tbody tr td:nth-child(2)').length >= 3,
        undefined,
        { timeout: 15_000 },
      );
      // The docs' picture is Chromium's; every engine's lands in the artifacts.
      const shot = engine === 'chromium' ? `${shots}demo.png` : `${shots}demo-${engine}.png`;
      if (engine === 'chromium' || !process.env.UPDATE_DOCS) mkdirSync(shots, { recursive: true });
      writeFileSync(shot, await page.screenshot(true));
    });

    it('works from another origin that is allowed (in a frame), and is refused from one that is not', async () => {
      const allowedToken = await main.mint({
        customer_uid: `embed_ok_${engine}`,
        mode: 'billing_key',
      });
      allowedPages.set('/', embeddingPage(main.url, allowedToken));
      // The demo page of the tests before is gone (WebKit has one window).
      await page?.close();
      const embedding = await browser.newPage();
      await embedding.goto(`${allowed.origin}/`);
      // Another origin than the server's: the card is typed in the server's frame (isolated mode).
      const frame = await embedding.cardFrame();
      await fillCard(frame, { delay: 15 });
      await frame.click('[part~="submit"]');
      await embedding.waitForSelector('#result[data-status]', { timeout: 15_000 });
      assert.equal(await embedding.attribute('#result', 'data-status'), 'success');
      await embedding.close();

      const refusedToken = await main.mint({
        customer_uid: `embed_refused_${engine}`,
        mode: 'payment',
        amount: 1000,
        merchant_uid: `embed_refused_${engine}`,
      });
      refusedPages.set('/', embeddingPage(main.url, refusedToken));
      const other = await browser.newPage();
      await other.goto(`${refused.origin}/`);
      // The server frames the form only for allowed origins (CSP frame-ancestors); the host says why.
      await other.waitForSelector('#result[data-status]', { timeout: 15_000 });
      assert.equal(await other.attribute('#result', 'data-status'), 'failed');
      assert.equal(await other.text('#result'), 'FRAME_BLOCKED');
      // WebKitWebDriver cannot read the console (no log endpoint): checked in the other engines.
      const refusals = other.problems?.filter((m) =>
        /IMPCARD_ALLOWED_ORIGINS|frame-ancestors/i.test(m),
      );
      if (refusals) assert.ok(refusals.length > 0, 'the console names IMPCARD_ALLOWED_ORIGINS');
      assert.equal(await other.frame().count('#card_number'), 0, 'no card field was shown');
      const attempts = await fetch(
        `${main.sandboxUrl}/__sandbox/payments?merchant_uid=embed_refused_${engine}`,
      );
      assert.equal(attempts.status, 200);
      const listed = (await attempts.json()) as { response: unknown[] };
      assert.deepEqual(listed.response, [], 'no payment was attempted');
      await other.close();
    });
  });
