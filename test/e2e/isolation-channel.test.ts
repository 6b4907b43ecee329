// Isolated mode's channel belongs to the element that made the frame. A page script whose message
// listener was registered before imp-card.js answers the frame's ready first, with everything a
// page script can learn (the frame's URL through the open shadow root): the frame refuses it, says
// so in its console and to the host, and the real host connects and submits. The amount the frame
// shows is the token's, whatever texts the page sends. A script that navigates the frame to a URL
// of its own gets a frame the customer never sees. In every selected engine, the merchant page on
// 127.0.0.1, impcard on localhost.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { selectedEngines } from '../engines/selected-engines.mjs';
import type { EnginePage, Scope } from './engine-page.ts';
import { fillCard } from './fill-card.ts';
import { startTwoOriginsIn, type TwoOriginsIn } from './isolation-site.ts';

/**
 * The console's messages so far (page and frames), or null in WebKit: WebKitWebDriver has no log
 * endpoint, and MiniBrowser's console-to-stdout setting does not reach its automation sessions
 * (tried), so there the frame's console messages go unchecked and the rest of each test holds.
 */
const consoleOf = (page: EnginePage): string[] | null => page.problems;

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

for (const engine of selectedEngines())
  describe(`[${engine}] isolated mode: the frame’s channel is the host’s`, () => {
    let world: TwoOriginsIn | undefined;

    before(async () => {
      world = await startTwoOriginsIn(engine);
    });

    after(() => world?.close());

    async function open(
      customer: string,
      head: string,
    ): Promise<{
      page: EnginePage;
      frame: () => Promise<Scope>;
      close: () => Promise<void>;
    }> {
      const { site, main, browser } = world!;
      const token = await main.mint({
        customer_uid: `${customer}_${engine}`,
        mode: 'payment',
        amount: 4322,
        merchant_uid: `${customer}_${engine}`,
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
      const page = await browser.newPage();
      await page.goto(`${site.origin}/${customer}`);
      return { page, frame: () => page.cardFrame(), close: () => page.close() };
    }

    const events = (page: EnginePage) =>
      page.evaluate(() => (window as unknown as { events: Recorded[] }).events);

    it('refuses a page script that answers the ready first; the real host connects and pays', async () => {
      const { page, frame, close } = await open(
        'channel_taker',
        '<script src="/taker.js"></script>',
      );
      const f = await frame();
      await page.waitFor(
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
      const warnings = consoleOf(page);
      if (warnings)
        assert.ok(
          warnings.some((w) => /refused a connection to the card form/.test(w)),
          `the frame warns in its console: ${warnings.join(' | ')}`,
        );
      // The taker's texts and submit reached nothing: the form shows the token's amount, and no
      // attempt started.
      assert.equal(
        (await f.text('[part="order"]'))?.replace(/\s+/g, ' ').trim(),
        'Monthly plan₩4,322',
      );
      assert.match((await f.text('[part="status"]')) ?? '', /^\s*$/);
      // The real host's channel works: the customer pays through it.
      await fillCard(f);
      await page.evaluate(() =>
        (
          document.querySelector('imp-card-form') as HTMLElement & { submit(): Promise<void> }
        ).submit(),
      );
      await page.waitFor(
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
      const { page, frame, close } = await open('channel_texts', '');
      const f = await frame();
      await page.evaluate(() =>
        (window as unknown as { setTexts(m: object): void }).setTexts({
          amount: '10 KRW',
          submit: { payment: 'Pay 10 KRW' },
          retry: 'Again',
        }),
      );
      await f.waitForSelector('button[part="retry"], [part="submit"]');
      await f.waitFor(() => {
        const form = document.querySelector('imp-card-form')!;
        return form.shadowRoot!.querySelector('[part="submit"]')!.textContent.trim() === 'Pay';
      });
      const order = (await f.text('[part="order"]'))?.replace(/\s+/g, ' ').trim();
      assert.equal(order, 'Monthly plan₩4,322');
      const warnings = consoleOf(page);
      if (warnings)
        assert.ok(
          warnings.some((w) => /ignored: amount, submit\.payment/.test(w)),
          `the frame names the texts it ignored: ${warnings.join(' | ')}`,
        );
      // A template that keeps the token's amount is the merchant's to choose.
      await page.evaluate(() =>
        (window as unknown as { setTexts(m: object): void }).setTexts({ amount: '{amount}원' }),
      );
      await f.waitFor(() =>
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
      const before = consoleOf(page)?.length ?? 0;
      // The frame's own URL with a nonce of the script's (and another query: a new fragment alone
      // does not load a new document): the frame will accept the script only.
      const url = (await f.evaluate(() => location.href)).replace(
        /#.*/,
        '&again=1#n=0123456789abcdefghij',
      );
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
      await page.waitForSelector('imp-card-form >>> [part="unavailable"]', { timeout: 10_000 });
      assert.ok(await page.visible('imp-card-form >>> [part="unavailable"]'));
      assert.ok((await page.evaluate(() => (window as unknown as { taken: number }).taken)) > 0);
      assert.deepEqual(
        (await events(page)).map((e) => [e.type, e.detail.code]),
        [['imp-card-failure', 'FRAME_BLOCKED']],
      );
      const errors = consoleOf(page)?.slice(before);
      if (errors)
        assert.ok(
          errors.some((e) => /refused this element's channel/.test(e)),
          errors.join(' | '),
        );
      await close();
    });
  });
