// Isolated mode's channel belongs to the element that made the frame. A page script whose message
// listener was registered before imp-card.js answers the frame's ready first, with everything a
// page script can learn (the frame's URL through the open shadow root): the frame refuses it, says
// so in its console and to the host, and the real host connects and submits. The amount the frame
// shows is the token's, whatever texts the page sends. A script that navigates the frame to a URL
// of its own gets a frame the customer never sees. Real Chromium, the merchant page on 127.0.0.1,
// impcard on localhost.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { fillCard, cardFrameOf } from './fill-card.ts';
import { startTwoOrigins, type TwoOrigins } from './isolation-site.ts';

/**
 * The taker, loaded before imp-card.js: answers the first ready with its own channel, carrying
 * the nonce if it can find one, then sends texts that state another price and calls submit.
 * `window.taken` counts the messages the frame sent it.
 */
const TAKER_JS = String.raw`
window.taken = 0;
addEventListener('message', (e) => {
  if (e.data?.type !== 'impcard:ready' || window.claimed) return;
  window.claimed = true;
  const host = document.querySelector('imp-card-form');
  const src = host?.shadowRoot?.querySelector('iframe')?.src ?? '';
  const n = new URLSearchParams(src.split('#')[1] ?? '').get('n') ?? undefined;
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = () => window.taken++;
  e.source.postMessage({ type: 'impcard:connect', n }, e.origin, [port2]);
  port1.postMessage({
    type: 'settings',
    attributes: { token: host.getAttribute('token') },
    messages: { amount: '10 KRW', submit: { payment: 'Pay 10 KRW' } },
    theme: {},
    appearance: {},
    disabled: false,
  });
  port1.postMessage({ type: 'call', id: 1, method: 'submit' });
});
`;

/** The merchant's script: records the host's events. */
const MERCHANT_JS = String.raw`
window.events = [];
const form = document.querySelector('imp-card-form');
for (const type of ['imp-card-success', 'imp-card-failure', 'imp-card-warning']) {
  form.addEventListener(type, (e) => window.events.push({ type, detail: e.detail }));
}
window.setTexts = (messages) => (form.messages = messages);
`;

interface Recorded {
  type: string;
  detail: { code?: string; message?: string; payment?: { amount: number } };
}

describe('isolated mode: the frame’s channel is the host’s', () => {
  let world: TwoOrigins | undefined;

  before(async () => {
    world = await startTwoOrigins();
  });

  after(() => world?.close());

  async function open(
    customer: string,
    head: string,
  ): Promise<{
    page: Page;
    frame: () => Promise<Frame>;
    warnings: string[];
    close: () => Promise<void>;
  }> {
    const { site, main, browser } = world!;
    const token = await main.mint({
      customer_uid: customer,
      mode: 'payment',
      amount: 4322,
      merchant_uid: `${customer}_1`,
      name: 'Monthly plan',
    });
    site.pages.set('/taker.js', TAKER_JS);
    site.pages.set('/merchant.js', MERCHANT_JS);
    site.pages.set(
      `/${customer}`,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Checkout</title>
${head}<script src="${main.url}/imp-card.js"></script></head>
<body><imp-card-form token="${token}"></imp-card-form><script src="/merchant.js"></script></body></html>`,
    );
    const context = await browser.newContext();
    const page = await context.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    await page.goto(`${site.origin}/${customer}`);
    const frame = (): Promise<Frame> => cardFrameOf(page);
    return { page, frame, warnings, close: () => context.close() };
  }

  const events = (page: Page) =>
    page.evaluate(() => (window as unknown as { events: Recorded[] }).events);

  it('refuses a page script that answers the ready first; the real host connects and pays', async () => {
    const { page, frame, warnings, close } = await open(
      'channel_taker',
      '<script src="/taker.js"></script>',
    );
    const f = await frame();
    await page.waitForFunction(
      () => (window as unknown as { events: Recorded[] }).events.length > 0,
      undefined,
      { timeout: 5000 },
    );
    assert.deepEqual(
      (await events(page)).map((e) => [e.type, e.detail.code]),
      [['imp-card-warning', 'FRAME_CLAIMED']],
      'the host is told of the refused claimant',
    );
    assert.ok(
      await page.evaluate(() => (window as unknown as { claimed?: boolean }).claimed),
      'the taker answered a ready',
    );
    assert.equal(
      await page.evaluate(() => (window as unknown as { taken: number }).taken),
      0,
      'the frame sent the taker nothing',
    );
    assert.ok(
      warnings.some((w) => /refused a connection to the card form/.test(w)),
      `the frame warns in its console: ${warnings.join(' | ')}`,
    );
    // The taker's texts and submit reached nothing: the form shows the token's amount, and no
    // attempt started.
    assert.equal(
      (await f.locator('[part="order"]').textContent())?.replace(/\s+/g, ' ').trim(),
      'Monthly plan₩4,322',
    );
    assert.match((await f.locator('[part="status"]').textContent()) ?? '', /^\s*$/);
    // The real host's channel works: the customer pays through it.
    await fillCard(f);
    await page.evaluate(() =>
      (
        document.querySelector('imp-card-form') as HTMLElement & { submit(): Promise<void> }
      ).submit(),
    );
    await page.waitForFunction(
      () =>
        (window as unknown as { events: Recorded[] }).events.some(
          (e) => e.type === 'imp-card-success',
        ),
      undefined,
      { timeout: 15_000 },
    );
    const success = (await events(page)).find((e) => e.type === 'imp-card-success')!;
    assert.equal(success.detail.payment?.amount, 4322);
    await close();
  });

  it('shows the token’s amount whatever texts the page sends', async () => {
    const { page, frame, warnings, close } = await open('channel_texts', '');
    const f = await frame();
    await page.evaluate(() =>
      (window as unknown as { setTexts(m: object): void }).setTexts({
        amount: '10 KRW',
        submit: { payment: 'Pay 10 KRW' },
        retry: 'Again',
      }),
    );
    await f.locator('button[part="retry"], [part="submit"]').first().waitFor();
    await f.waitForFunction(() => {
      const form = document.querySelector('imp-card-form')!;
      return form.shadowRoot!.querySelector('[part="submit"]')!.textContent.trim() === 'Pay';
    });
    const order = (await f.locator('[part="order"]').textContent())?.replace(/\s+/g, ' ').trim();
    assert.equal(order, 'Monthly plan₩4,322');
    assert.ok(
      warnings.some((w) => /ignored: amount, submit\.payment/.test(w)),
      `the frame names the texts it ignored: ${warnings.join(' | ')}`,
    );
    // A template that keeps the token's amount is the merchant's to choose.
    await page.evaluate(() =>
      (window as unknown as { setTexts(m: object): void }).setTexts({ amount: '{amount}원' }),
    );
    await f.waitForFunction(() =>
      document
        .querySelector('imp-card-form')!
        .shadowRoot!.querySelector('[part="order"]')!
        .textContent.includes('4,322원'),
    );
    await close();
  });

  it('hides a frame that a page script loaded for itself, and says why', async () => {
    const { page, frame, close } = await open('channel_navigated', '');
    const f = await frame();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    // The frame's own URL with a nonce of the script's (and another query: a new fragment alone
    // does not load a new document): the frame will accept the script only.
    const url = f.url().replace(/#.*/, '&again=1#n=0123456789abcdefghij');
    await page.evaluate((u) => {
      const { port1, port2 } = new MessageChannel();
      (window as unknown as { taken: number }).taken = 0;
      port1.onmessage = () => (window as unknown as { taken: number }).taken++;
      addEventListener('message', (e) => {
        if ((e.data as { type?: string } | null)?.type === 'impcard:ready') {
          e.source!.postMessage(
            { type: 'impcard:connect', n: '0123456789abcdefghij' },
            { targetOrigin: e.origin, transfer: [port2] },
          );
        }
      });
      document
        .querySelector('imp-card-form')!
        .shadowRoot!.querySelector('iframe')!
        .contentWindow!.location.replace(u);
    }, url);
    await page
      .locator('imp-card-form [part="unavailable"]')
      .waitFor({ state: 'visible', timeout: 10_000 });
    assert.ok((await page.evaluate(() => (window as unknown as { taken: number }).taken)) > 0);
    assert.deepEqual(
      (await events(page)).map((e) => [e.type, e.detail.code]),
      [['imp-card-failure', 'FRAME_BLOCKED']],
    );
    assert.ok(
      errors.some((e) => /refused this element's channel/.test(e)),
      errors.join(' | '),
    );
    await close();
  });
});
