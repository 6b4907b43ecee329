// impcard/react under a server renderer: importing the component and rendering it with
// react-dom/server must not reach for a browser global (Next.js and Remix render it in Node), and
// the HTML must carry every string setting, so the element is complete before any script runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';

const BROWSER_GLOBALS = ['window', 'document', 'customElements', 'HTMLElement', 'location'];

describe('impcard/react on the server', () => {
  it('imports and renders <imp-card-form> with its string attributes, touching no browser global', async () => {
    const touched: string[] = [];
    for (const name of BROWSER_GLOBALS) {
      assert.equal(name in globalThis, false, `${name} is not defined in Node`);
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get: () => void touched.push(name),
      });
    }
    try {
      const { ImpCardForm } = await import('./react.ts');
      const html = renderToString(
        createElement(ImpCardForm, {
          server: 'https://pay.shop.example/impcard',
          token: 'eyJ"<token>',
          lang: 'en',
          corporate: true,
          theme: 'auto',
          timeout: 20_000,
          cardNumberLabel: 'Card',
          expiryLabel: 'Valid thru',
          birthLabel: 'Born',
          passwordLabel: 'PIN',
          messages: { submit: { billing_key: 'Save' } },
          appearance: { rules: { input: { color: 'red' } } },
          className: 'checkout',
          style: { maxWidth: 480 },
          id: 'card',
          onSuccess: () => {},
        }),
      );
      assert.equal(
        html,
        '<imp-card-form id="card" class="checkout" style="max-width:480px"' +
          ' endpoint="https://pay.shop.example/impcard/v1/registrations" token="eyJ&quot;&lt;token&gt;"' +
          ' lang="en" corporate="" theme="auto" timeout="20000" card-number-label="Card"' +
          ' expiry-label="Valid thru" birth-label="Born" password-label="PIN"></imp-card-form>',
      );
      // Off, optional settings write nothing: `corporate="false"` would still mean corporate.
      assert.equal(
        renderToString(
          createElement(ImpCardForm, { server: '/impcard/', corporate: false, isolation: 'none' }),
        ),
        '<imp-card-form endpoint="/impcard/v1/registrations" isolation="none"></imp-card-form>',
      );
      assert.deepEqual(touched, []);
    } finally {
      for (const name of BROWSER_GLOBALS) delete (globalThis as Record<string, unknown>)[name];
    }
  });
});
