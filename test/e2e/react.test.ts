// impcard/react end to end: `npm start` serves impcard on http://localhost:<port>; a merchant's
// React checkout (test/e2e/react-app/) on http://127.0.0.1:<other port> is rendered to HTML with
// react-dom/server and hydrated with hydrateRoot (or rendered on the client only), bundled by
// esbuild. The customer types in the frame of the impcard origin; the component's handlers and ref
// work, and the page's scripts reach no card input.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { CARDS } from '../../server/testing/test-cards.ts';
import { fillCard } from './fill-card.ts';
import { installReact18 } from './install-react-18.ts';
import { listen, startTwoOrigins, type Site, type TwoOrigins } from './isolation-site.ts';
import { Checkout, type CheckoutProps, type Recorded } from './react-app/checkout.ts';
import type { MainProcess } from './start-main.ts';

/**
 * Runs before the client bundle: keeps the server-rendered element (to tell hydration from a new
 * render) and counts the component's listener registrations on it.
 */
const BEFORE_JS = String.raw`
window.serverRendered = [...document.querySelectorAll('imp-card-form')];
window.listenerAdds = 0;
const add = EventTarget.prototype.addEventListener;
EventTarget.prototype.addEventListener = function (type, ...rest) {
  if (this.localName === 'imp-card-form' && String(type).startsWith('imp-card-')) window.listenerAdds++;
  return add.call(this, type, ...rest);
};
`;

const attribute = (s: string) => s.replaceAll('&', '&amp;').replaceAll('"', '&quot;');

/** Console errors and warnings and uncaught errors of `page`, as they happen. */
function consoleProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') {
      problems.push(`${m.text()} ${m.location().url}`);
    }
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

/** One React version's server renderer of the checkout, and its client bundle on the site. */
interface ReactBuild {
  render(props: CheckoutProps): string;
  client: string;
}

const react19: ReactBuild = {
  render: (props) => renderToString(createElement(Checkout, props)),
  client: '/client.js',
};

// Chromium only, through Playwright: this file tests the framework's wiring (props, events, refs,
// re-renders) around the element, which no engine changes; the widget's own behaviour in each
// engine is covered by isolation*.test.ts and demo.test.ts. Not ported to the engine driver for
// lack of time on this branch.
describe('[chromium] impcard/react: <ImpCardForm> against a real impcard server, from another origin', () => {
  let react18: ReactBuild;
  let main: MainProcess;
  let browser: Browser;
  let site: Site;
  let world: TwoOrigins | undefined;

  before(async () => {
    world = await startTwoOrigins();
    ({ site, main, browser } = world);
    assert.match(main.url, /^http:\/\/localhost:\d+$/, 'no trailing slash: the component adds it');
    /** The checkout's client bundle, with React 19 or (`alias`) another React. */
    const client = async (alias?: Record<string, string>) =>
      (
        await build({
          entryPoints: [fileURLToPath(new URL('react-app/client.ts', import.meta.url))],
          bundle: true,
          write: false,
          format: 'iife',
          platform: 'browser',
          target: 'es2022',
          // React's development build: it reports hydration mismatches the production one hides.
          define: { 'process.env.NODE_ENV': '"development"' },
          ...(alias ? { alias } : {}),
          logLevel: 'warning',
        })
      ).outputFiles[0]!.text;
    site.pages.set('/client.js', await client());
    // The same checkout with React 18, on the server and on the client.
    const alias = installReact18();
    site.pages.set('/client-18.js', await client(alias));
    const server18 = `${root}test/.artifacts/react-18/render.cjs`;
    await build({
      stdin: {
        contents: `import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { Checkout } from './test/e2e/react-app/checkout.ts';
export const render = (props) => renderToString(createElement(Checkout, props));`,
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      outfile: server18,
      format: 'cjs',
      platform: 'node',
      define: { 'process.env.NODE_ENV': '"development"' },
      alias,
      logLevel: 'warning',
    });
    const { render } = createRequire(import.meta.url)(server18) as Pick<ReactBuild, 'render'>;
    react18 = { render, client: '/client-18.js' };
    site.pages.set('/before.js', BEFORE_JS);
  });

  after(() => world?.close());

  const mint = (customer: string) => main.mint({ customer_uid: customer, mode: 'billing_key' });

  interface Opened {
    context: BrowserContext;
    page: Page;
    html: string;
    problems: string[];
    /** The frame of the nth form, once its form is connected to the host. */
    frame(n?: number): Promise<Frame>;
    recorded(): Promise<Recorded>;
    waitFor(type: string, form?: number): Promise<Recorded[number]>;
  }

  /** Serves the checkout rendered on the server (`hydrate`) or an empty root (`client`), opens it. */
  async function open(
    render: 'hydrate' | 'client',
    props: CheckoutProps,
    options: {
      /** A `<script src=".../imp-card.js">` of the page's own, in its head. */
      script?: string;
      react?: ReactBuild;
    } = {},
  ): Promise<Opened> {
    const { script = '', react = react19 } = options;
    const path = `/${render}-${Math.random().toString(36).slice(2)}`;
    const html = render === 'hydrate' ? react.render(props) : '';
    site.pages.set(
      path,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Checkout</title>${script && `<script src="${script}"></script>`}</head>
<body><div id="root" data-render="${render}" data-props="${attribute(JSON.stringify(props))}">${html}</div>
<script src="/before.js"></script><script src="${react.client}"></script></body></html>`,
    );
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = consoleProblems(page);
    await page.goto(`${site.origin}${path}`);
    const recorded = () =>
      page.evaluate(() => (window as unknown as { recorded?: Recorded }).recorded ?? []);
    return {
      context,
      page,
      html,
      problems,
      async frame(n = 0) {
        const handle = await page.locator(`#form-${n} iframe`).elementHandle({ timeout: 15_000 });
        const frame = await handle.contentFrame();
        assert.ok(frame, 'the host renders an iframe');
        // Settings arrive by message once the frame is connected: then the form has a lang.
        await frame.locator('imp-card-form[lang="en"]').waitFor({ state: 'attached' });
        return frame;
      },
      recorded,
      async waitFor(type, form = 0) {
        await page
          .waitForFunction(
            ([t, f]) =>
              (window as unknown as { recorded?: Recorded }).recorded?.some(
                (r) => r.type === t && r.form === f,
              ),
            [type, form] as const,
            { timeout: 15_000 },
          )
          .catch(async (error: Error) => {
            throw new Error(
              `no ${type} of form ${form}: ${JSON.stringify((await recorded()).filter((r) => r.type !== 'change'))} ${problems.join('\n')}`,
              { cause: error },
            );
          });
        return (await recorded()).find((r) => r.type === type && r.form === form)!;
      },
    };
  }

  /** Every problem the page logged, except the browser's own favicon request. */
  const problemsOf = (opened: Opened) => opened.problems.filter((p) => !/favicon/.test(p));

  it('hydrated after renderToString: a sandbox card typed in the frame calls onChange, onSubmit and onSuccess with the billing key', async () => {
    const token = await mint('react_hydrated');
    const opened = await open('hydrate', { server: main.url, tokens: [token] });
    const { page, html } = opened;
    assert.match(html, /<imp-card-form [^>]*token="eyJ/, 'the server wrote the element and token');
    assert.match(html, new RegExp(`endpoint="${main.url}/v1/registrations"`));
    const frame = await opened.frame();

    assert.equal(new URL(frame.url()).origin, main.url, 'the frame is on the impcard origin');
    assert.equal(
      await page.evaluate(
        () =>
          (window as unknown as { serverRendered: Element[] }).serverRendered[0] ===
          document.querySelector('imp-card-form'),
      ),
      true,
      'React hydrated the server-rendered element rather than replacing it',
    );
    // `messages` reached the frame's form as a property: the button says what the page set.
    await frame.locator('[part~="submit"]', { hasText: 'Save card A' }).waitFor();
    assert.deepEqual(
      await page.evaluate(() => {
        const el = document.querySelector('imp-card-form')!;
        return [
          Object.hasOwn(el, 'messages'),
          Object.hasOwn(el, 'appearance'),
          el.hasAttribute('messages'),
        ];
      }),
      [false, false, false],
      'set through the element’s setters: no own field hiding them, no [object Object] attribute',
    );

    await fillCard(frame);
    const change = await opened.waitFor('change');
    assert.equal((change.detail as { field: string }).field, 'card_number');
    await page.waitForFunction(() =>
      (window as unknown as { recorded: Recorded }).recorded.some(
        (r) => r.type === 'change' && (r.detail as { complete: boolean }).complete,
      ),
    );
    await frame.locator('[part~="submit"]').click();
    const success = await opened.waitFor('success');
    const detail = success.detail as {
      status: string;
      billing_key: { customer_uid: string; card_number: string };
    };
    assert.equal(detail.status, 'success');
    assert.equal(detail.billing_key.customer_uid, 'react_hydrated');
    assert.match(detail.billing_key.card_number, /\*/, 'the page gets the masked number');
    await page.locator('#result', { hasText: 'success react_hydrated' }).waitFor();
    const types = (await opened.recorded()).map((r) => r.type);
    assert.ok(types.indexOf('submit') < types.indexOf('success'), types.join());
    assert.deepEqual(
      await page.evaluate(() => (window as unknown as { reactErrors: string[] }).reactErrors),
      [],
      'no hydration error',
    );
    assert.deepEqual(problemsOf(opened), []);
    await opened.context.close();
  });

  it('hydrated, imp-card.js already on the page: a declined card calls onFailure with CARD_DECLINED and the card company’s words', async () => {
    // The sandbox declines that card's payment (docs/sandbox.md); its billing key would be issued.
    const token = await main.mint({
      customer_uid: 'react_decl',
      mode: 'payment',
      amount: 1000,
      merchant_uid: 'react_decl_1',
    });
    // This page also has its own script tag for imp-card.js, defined before hydration.
    const script = `${main.url}/imp-card.js`;
    const opened = await open('hydrate', { server: main.url, tokens: [token] }, { script });
    const frame = await opened.frame();
    assert.equal(
      await opened.page.evaluate(
        () => document.querySelectorAll('script[src$="imp-card.js"]').length,
      ),
      1,
      'the component reused the page’s script',
    );
    await fillCard(frame, { cardNumber: CARDS.declined.replaceAll('-', '') });
    await frame.locator('[part~="submit"]').click();
    const failure = await opened.waitFor('failure');
    const detail = failure.detail as { code: string; reason?: string };
    assert.equal(detail.code, 'CARD_DECLINED');
    assert.match(detail.reason ?? '', /한도초과/);
    await opened.page.locator('#result', { hasText: 'failure CARD_DECLINED' }).waitFor();
    assert.equal((await opened.recorded()).filter((r) => r.type === 'success').length, 0);
    await opened.context.close();
  });

  it('isolated by default: the card inputs are in a frame of another origin, out of the page’s reach', async () => {
    const opened = await open('hydrate', { server: main.url, tokens: [await mint('react_iso')] });
    const frame = await opened.frame();
    await frame.locator('#card_number').pressSequentially('4242', { delay: 10 });
    const reach = await opened.page.evaluate(() => {
      const host = document.querySelector('imp-card-form')!;
      const iframe = host.shadowRoot!.querySelector('iframe')!;
      let frameDocument: string;
      try {
        frameDocument =
          iframe.contentDocument || iframe.contentWindow!.document ? 'readable' : 'null';
      } catch (error) {
        frameDocument = (error as Error).name;
      }
      return {
        inputs: document.querySelectorAll('input:not(#cancel)').length,
        shadowInputs: host.shadowRoot!.querySelectorAll('input').length,
        frameDocument,
        text: document.body.innerText,
      };
    });
    assert.deepEqual(
      { inputs: reach.inputs, shadowInputs: reach.shadowInputs },
      { inputs: 0, shadowInputs: 0 },
    );
    assert.match(reach.frameDocument, /null|SecurityError/, 'the frame’s document is not readable');
    assert.doesNotMatch(reach.text, /4242/);
    assert.equal(await frame.locator('#card_number').inputValue(), '4242');
    await opened.context.close();
  });

  it('the ref: focus() moves focus to the card number in the frame, reset() clears it, submit() sends, and onSubmit may preventDefault() with a handler that changed since it was attached', async () => {
    const opened = await open('hydrate', { server: main.url, tokens: [await mint('react_ref')] });
    const { page } = opened;
    const frame = await opened.frame();
    await page.locator('#focus').click();
    await frame.waitForFunction(
      () =>
        document.querySelector('imp-card-form')?.shadowRoot?.activeElement?.id === 'card_number',
    );
    await page.keyboard.type('4242424242424242', { delay: 10 });
    assert.equal(await frame.locator('#card_number').inputValue(), '4242 4242 4242 4242');
    await page.locator('#reset').click();
    await frame.waitForFunction(
      () =>
        (
          document
            .querySelector('imp-card-form')
            ?.shadowRoot?.querySelector('#card_number') as HTMLInputElement | null
        )?.value === '',
    );

    await fillCard(frame);
    // A re-render gives onSubmit a new closure (cancel: true); the listener is not re-attached.
    await page.locator('#cancel').check();
    await page.locator('#submit').click();
    const submitted = await opened.waitFor('submit');
    assert.deepEqual(submitted.detail, {
      brand: 'visa',
      corporate: false,
      mode: 'billing_key',
      cancelled: true,
    });
    // The frame waits for the page's verdict: cancelled, nothing is sent.
    await page.waitForTimeout(1500);
    assert.deepEqual(
      (await opened.recorded()).filter((r) => r.type === 'success' || r.type === 'failure'),
      [],
    );
    await page.locator('#cancel').uncheck();
    await page.locator('#submit').click();
    const success = await opened.waitFor('success');
    assert.equal(
      (success.detail as { billing_key: { customer_uid: string } }).billing_key.customer_uid,
      'react_ref',
    );
    assert.equal(
      await page.evaluate(() => (window as unknown as { listenerAdds: number }).listenerAdds),
      4,
      'one listener per event, attached once across the re-renders',
    );
    await opened.context.close();
  });

  it('rendered on the client only (createRoot), two forms: one imp-card.js for the page, a frame each, both work', async () => {
    const tokens = [await mint('react_client_0'), await mint('react_client_1')];
    const opened = await open('client', { server: `${main.url}/`, tokens });
    const { page } = opened;
    const second = await opened.frame(1);
    const first = await opened.frame(0);
    assert.deepEqual(
      await page.evaluate(() =>
        [...document.scripts].map((s) => s.src).filter((src) => src.endsWith('imp-card.js')),
      ),
      [`${main.url}/imp-card.js`],
      'one script, shared by both forms',
    );
    await second.locator('[part~="submit"]', { hasText: 'Save card B' }).waitFor();
    await fillCard(second);
    await second.locator('[part~="submit"]').click();
    const success = await opened.waitFor('success', 1);
    assert.equal(
      (success.detail as { billing_key: { customer_uid: string } }).billing_key.customer_uid,
      'react_client_1',
    );
    assert.equal(
      (await opened.recorded()).filter((r) => r.form === 0 && r.type !== 'change').length,
      0,
      'the other form heard nothing',
    );
    assert.equal(await first.locator('#card_number').inputValue(), '');
    assert.deepEqual(problemsOf(opened), []);
    await opened.context.close();
  });

  it('React 18: server-rendered and hydrated, `class` written, the ref’s submit() calls onSuccess', async () => {
    const props = { server: main.url, tokens: [await mint('react_18')] };
    const opened = await open('hydrate', props, { react: react18 });
    const { page, html } = opened;
    assert.match(html, /<imp-card-form id="form-0" class="card-form" /);
    const frame = await opened.frame();
    await frame.locator('[part~="submit"]', { hasText: 'Save card A' }).waitFor();
    await fillCard(frame);
    await page.locator('#submit').click();
    const success = await opened.waitFor('success');
    assert.equal(
      (success.detail as { billing_key: { customer_uid: string } }).billing_key.customer_uid,
      'react_18',
    );
    assert.equal(
      await page.evaluate(
        () =>
          (window as unknown as { serverRendered: Element[] }).serverRendered[0] ===
          document.querySelector('imp-card-form'),
      ),
      true,
      'hydrated, not replaced',
    );
    assert.deepEqual(
      await page.evaluate(() => (window as unknown as { reactErrors: string[] }).reactErrors),
      [],
    );
    assert.deepEqual(problemsOf(opened), []);
    await opened.context.close();
  });

  it('a server that cannot be reached: the customer sees a notice, onFailure gets FRAME_BLOCKED', async () => {
    // A loopback port nothing listens on: the site's own port, once closed, would do too.
    const nobody = await listen(() => '');
    const url = nobody.origin.replace('127.0.0.1', 'localhost');
    nobody.server.close();
    const opened = await open('client', { server: url, tokens: ['t'] });
    const failure = await opened.waitFor('failure');
    const detail = failure.detail as { code: string; message: string };
    assert.equal(detail.code, 'FRAME_BLOCKED');
    // Localized for the customer (the form's lang is en), not the developer's URL.
    assert.equal(detail.message, 'The card form could not be loaded. Please try again shortly.');
    const notice = opened.page.locator('imp-card-form [role="alert"]');
    assert.equal(await notice.textContent(), detail.message);
    assert.ok(await notice.isVisible(), 'not a blank space');
    await opened.context.close();
  });
});
