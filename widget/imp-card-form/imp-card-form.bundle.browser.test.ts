/* eslint-disable @typescript-eslint/no-floating-promises -- @open-wc/testing types chai's Assertion as thenable; plain assertions are synchronous. */
// The shipped script-tag bundle (dist/imp-card.js, built by the stub middleware with the project's
// vite config), loaded twice the way a page with two embeds would: no error, one definition.
import { expect } from '@open-wc/testing';

function load(): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = '/__stub/imp-card.js';
    s.onload = () => resolve();
    s.onerror = () => reject(new Error('script failed to load'));
    document.head.appendChild(s);
  });
}

describe('dist/imp-card.js', () => {
  it('registers <imp-card-form> once and tolerates a second load of the script', async () => {
    const errors: string[] = [];
    const onError = (e: ErrorEvent): void => void errors.push(e.message);
    window.addEventListener('error', onError);
    await load();
    const first = customElements.get('imp-card-form');
    expect(first).not.to.equal(undefined);
    await load();
    window.removeEventListener('error', onError);
    expect(errors).to.deep.equal([]);
    expect(customElements.get('imp-card-form')).to.equal(first);

    const el = document.createElement('imp-card-form');
    document.body.appendChild(el);
    await (el as HTMLElement & { updateComplete: Promise<boolean> }).updateComplete;
    const names = [...el.shadowRoot!.querySelectorAll('input[name]')].map(
      (i) => (i as HTMLInputElement).name,
    );
    expect(names).to.have.members(['card_number', 'expiry', 'birth', 'pwd_2digit']);
    expect(el.shadowRoot!.adoptedStyleSheets.length).to.be.greaterThan(0);
    el.remove();
  });
});
