/* eslint-disable @typescript-eslint/no-floating-promises -- @open-wc/testing types chai's Assertion as thenable (for its async a11y/snapshot checks); plain assertions are synchronous. */
// The host with isolation="none": the inline form (the real bundle, as imp-card.js loads it) inside
// the element, with the page's slotted content passed on only where the page gave some.
import { expect, waitUntil } from '@open-wc/testing';
import { en } from '../i18n/index.ts';
import { defineHost } from './imp-card-host.ts';

customElements.define('test-host-inline', defineHost(new URL('/__stub/', location.href)));

/** A token-shaped string whose payload names the order (the widget reads it for display only). */
function orderToken(): string {
  const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, '');
  const now = Math.floor(Date.now() / 1000);
  const claims = { jti: 'j1', iat: now, exp: now + 600, customer_uid: 'c', mode: 'payment' };
  return `${b64({ alg: 'HS256' })}.${b64({ ...claims, amount: 9900, name: 'Plan' })}.sig`;
}

const mounted: Element[] = [];
afterEach(() => mounted.splice(0).forEach((el) => el.remove()));

async function mount(inner = ''): Promise<{ el: HTMLElement; form: HTMLElement & Element }> {
  const el = document.createElement('test-host-inline');
  el.setAttribute('isolation', 'none');
  el.setAttribute('lang', 'en');
  el.setAttribute('token', orderToken());
  el.innerHTML = inner;
  document.body.append(el);
  mounted.push(el);
  await waitUntil(() => el.shadowRoot!.querySelector('imp-card-inline')?.shadowRoot, 'the form', {
    timeout: 20000,
  });
  const form = el.shadowRoot!.querySelector<HTMLElement & { updateComplete: Promise<boolean> }>(
    'imp-card-inline',
  )!;
  await form.updateComplete;
  return { el, form };
}

const partOf = (form: Element, name: string) =>
  form.shadowRoot!.querySelector<HTMLElement>(`[part~=${name}]`)!;
/** What the form shows in a slot: the page's nodes assigned to it, else its own fallback text. */
const shown = (form: Element, name: string): string => {
  const slot = form.shadowRoot!.querySelector<HTMLSlotElement>(`slot[name=${name}]`)!;
  const nodes = slot.assignedNodes({ flatten: true });
  return (nodes.length ? nodes : [...slot.childNodes])
    .map((n) => n.textContent)
    .join('')
    .trim();
};

describe('isolated host, isolation="none": slots', () => {
  it('keeps the order summary and the submit label when the page fills no slot', async () => {
    const { form } = await mount();
    expect(shown(form, 'header')).to.contain('Plan');
    expect(partOf(form, 'order').getBoundingClientRect().height).to.be.greaterThan(0);
    const submit = partOf(form, 'submit');
    expect(submit.textContent.trim()).to.equal(en.submit.payment);
    expect(submit.getBoundingClientRect().width).to.be.greaterThan(0);
  });

  it('shows what the page slots, and the fallback again once it is taken away', async () => {
    const { el, form } = await mount('<span slot="submit-label">Pay now</span>');
    expect(shown(form, 'submit-label')).to.equal('Pay now');
    expect(shown(form, 'header')).to.contain('Plan');
    // Added later, as a framework renders after the element.
    const footer = document.createElement('p');
    footer.slot = 'footer';
    footer.textContent = 'Terms apply';
    el.append(footer);
    await waitUntil(() => shown(form, 'footer') === 'Terms apply', 'the footer slotted');
    el.querySelector('[slot=submit-label]')!.remove();
    await waitUntil(() => shown(form, 'submit-label') === en.submit.payment, 'the label back');
    // A child that takes a slot by changing its slot attribute.
    footer.slot = 'header';
    await waitUntil(() => shown(form, 'header') === 'Terms apply', 'the header slotted');
    await waitUntil(() => shown(form, 'footer') === '', 'the footer empty again');
  });
});
