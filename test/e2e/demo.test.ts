import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { en, ko } from '../../widget/i18n/index.ts';
import { launchChromium } from './browser.ts';
import { fillCard } from './fill-card.ts';
import { startMain, type MainProcess } from './start-main.ts';

// The README's screenshot is refreshed only on request (UPDATE_DOCS=1), so a test run never dirties
// the work tree; otherwise it lands in the ignored test/.artifacts/ for a look.
const shots = fileURLToPath(
  new URL(process.env.UPDATE_DOCS ? '../../docs/' : '../.artifacts/', import.meta.url),
);

/** The card form of a demo section: isolated mode, so inside the frame the host renders. */
const formIn = (page: Page, scope: string) =>
  page.frameLocator(`${scope} imp-card-form iframe`).locator('imp-card-form');

async function typeCard(page: Page, scope: string, card: string) {
  const form = formIn(page, scope);
  await fillCard(form, { cardNumber: card, delay: 15 });
  await form.locator('[part~="submit"]').click();
}

/** Waits until `locator` reads `text` (the frame renders a moment after its settings arrive). */
async function expectText(locator: Locator, text: string): Promise<void> {
  const deadline = Date.now() + 5000;
  let last: string | null = null;
  while (Date.now() < deadline) {
    if ((last = await locator.textContent()) === text) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.equal(last, text);
}

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

describe('end to end: npm start, the demo page and an embedding merchant page', () => {
  let main: MainProcess;
  let browser: Browser;
  const allowedPages = new Map<string, string>();
  const refusedPages = new Map<string, string>();
  let allowed: { server: Server; origin: string };
  let refused: { server: Server; origin: string };
  // The two demo tests share one page, so the screenshot shows every section's results.
  let page: Page;

  before(async () => {
    allowed = await listen(allowedPages);
    refused = await listen(refusedPages);
    main = await startMain({ IMPCARD_ALLOWED_ORIGINS: allowed.origin });
    browser = await launchChromium();
  });

  after(async () => {
    await page?.close();
    await browser?.close();
    await main?.stop();
    allowed?.server.close();
    refused?.server.close();
  });

  it('registers a card typed key by key on the demo, then charges the key again', async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${main.url}/`);
    await page.getByText('SANDBOX MODE — no real money moves').waitFor();
    const section = 'section[data-mode="billing_key"]';
    // Isolated mode: the page is on localhost, the card form in a frame of 127.0.0.1.
    assert.match(main.url, /^http:\/\/localhost:/);
    // The host navigates its frame itself (the URL carries the channel's nonce, never the iframe's
    // src attribute): read the frame's own URL.
    const frameHandle = await page.locator(`${section} imp-card-form iframe`).elementHandle();
    const cardFrame = await frameHandle?.contentFrame();
    const deadline = Date.now() + 10_000;
    while (cardFrame && !cardFrame.url().startsWith('http') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.match(
      cardFrame?.url() ?? '',
      /^http:\/\/127\.0\.0\.1:\d+\/frame\?origin=http%3A%2F%2Flocalhost%3A[^#]*#n=/,
    );
    // The demo's backend mints the token asynchronously; wait for it before typing.
    await page.waitForFunction(
      (s) => !!document.querySelector(`${s} imp-card-form`)?.getAttribute('token'),
      section,
    );
    const form = formIn(page, section);
    await fillCard(form, { cardNumber: '4242424242424242', delay: 15 });
    // Read before submitting: a success clears the card from the screen, and it can come back
    // before a read after the click.
    assert.equal(await form.locator('#card_number').inputValue(), '4242 4242 4242 4242');
    await form.locator('[part~="submit"]').click();
    const ok = page.locator(`${section} .results li.ok`).first();
    await ok.waitFor({ timeout: 15_000 });
    assert.match((await ok.textContent()) ?? '', /billing key demo_/);
    await page.locator(`${section} [data-action="charge"]`).click();
    await page
      .locator(`${section} .results li.ok`, { hasText: 'charge again' })
      .waitFor({ timeout: 15_000 });
    assert.match(
      (await page.locator(`${section} .results li`).first().textContent()) ?? '',
      /paid ₩9,900/,
    );
  });

  it('shows the decline card’s error in the widget, then pays with a good card; the webhook is logged', async () => {
    const section = 'section[data-mode="payment"]';
    await page.waitForFunction(
      (s) => !!document.querySelector(`${s} imp-card-form`)?.getAttribute('token'),
      section,
    );
    await typeCard(page, section, '4000000000000002');
    const status = formIn(page, section).locator('[part~="status"]');
    await page.locator(`${section} .results li.failed`).first().waitFor({ timeout: 15_000 });
    assert.match(
      (await page.locator(`${section} .results li.failed`).first().textContent()) ?? '',
      /CARD_DECLINED/,
    );
    // The card company's own words travel sandbox → server → widget (the sandbox's decline text).
    const declined = (await status.textContent()) ?? '';
    const english = `${en.errors.CARD_DECLINED} Card company: `;
    assert.ok(declined.startsWith(english), declined);
    const reason = declined.slice(english.length);
    assert.match(reason, /한도초과/);
    // The customer switches to Korean with the refusal on screen: it is said again in Korean (the
    // card company's words stay as they came), and back.
    await page.locator('#lang').selectOption('ko');
    await expectText(status, `${ko.errors.CARD_DECLINED} 카드사 응답: ${reason}`);
    await page.locator('#lang').selectOption('en');
    await expectText(status, declined);
    // The same token is still good for another card.
    const form = formIn(page, section);
    await form.locator('#card_number').fill('');
    await form.locator('#card_number').pressSequentially('5555555555554444', { delay: 15 });
    await form.locator('[part~="submit"]').click();
    await page.locator(`${section} .results li.ok`).first().waitFor({ timeout: 15_000 });
    // Subscribe too: pay and store the card in one step.
    const subscribe = 'section[data-mode="billing_key_and_payment"]';
    await typeCard(page, subscribe, '4242424242424242');
    await page.locator(`${subscribe} .results li.ok`).first().waitFor({ timeout: 15_000 });
    assert.match(
      (await page.locator(`${subscribe} .results li.ok`).first().textContent()) ?? '',
      /paid ₩9,900.*billing key demo_/,
    );
    // i'mport's webhooks (charge again, payment, subscription) arrive after the answers.
    await page.waitForFunction(
      () => document.querySelectorAll('#webhooks tbody tr td:nth-child(2)').length >= 3,
      undefined,
      { timeout: 15_000 },
    );
    await page.screenshot({ path: `${shots}demo.png`, fullPage: true });
  });

  it('works from another origin that is allowed (in a frame), and is refused from one that is not', async () => {
    const allowedToken = await main.mint({ customer_uid: 'embed_ok', mode: 'billing_key' });
    allowedPages.set('/', embeddingPage(main.url, allowedToken));
    const page = await browser.newPage();
    await page.goto(`${allowed.origin}/`);
    // Another origin than the server's: the card is typed in the server's frame (isolated mode).
    const frame = page.frameLocator('imp-card-form iframe');
    await fillCard(frame, { delay: 15 });
    await frame.locator('[part~="submit"]').click();
    await page.locator('#result[data-status]').waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('#result').getAttribute('data-status'), 'success');
    await page.close();

    const refusedToken = await main.mint({
      customer_uid: 'embed_refused',
      mode: 'payment',
      amount: 1000,
      merchant_uid: 'embed_refused_1',
    });
    refusedPages.set('/', embeddingPage(main.url, refusedToken));
    const other = await browser.newPage();
    const refusals: string[] = [];
    other.on('console', (m) => {
      if (/IMPCARD_ALLOWED_ORIGINS|frame-ancestors/i.test(m.text())) refusals.push(m.text());
    });
    await other.goto(`${refused.origin}/`);
    // The server frames the form only for allowed origins (CSP frame-ancestors); the host says why.
    await other.locator('#result[data-status]').waitFor({ timeout: 15_000 });
    assert.equal(await other.locator('#result').getAttribute('data-status'), 'failed');
    assert.equal(await other.locator('#result').textContent(), 'FRAME_BLOCKED');
    assert.ok(refusals.length > 0, 'the console names IMPCARD_ALLOWED_ORIGINS');
    assert.equal(
      await other.frameLocator('imp-card-form iframe').locator('#card_number').count(),
      0,
      'no card field was shown',
    );
    const attempts = await fetch(
      `${main.sandboxUrl}/__sandbox/payments?merchant_uid=embed_refused_1`,
    );
    assert.equal(attempts.status, 200);
    const listed = (await attempts.json()) as { response: unknown[] };
    assert.deepEqual(listed.response, [], 'no payment was attempted');
    await other.close();
  });
});
