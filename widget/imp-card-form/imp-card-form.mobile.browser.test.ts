/* eslint-disable @typescript-eslint/no-floating-promises -- @open-wc/testing types chai's Assertion as thenable (for its async a11y/snapshot checks); plain assertions are synchronous. */
// On a phone: the keyboard each input asks for, its autofill token, no zoom on focus (iOS Safari
// zooms into an input under 16 px), touch targets of 44 px (WCAG 2.5.5, Apple's HIG), a switch
// drawn for the theme in every engine, and the isolated frame sized to its content at phone widths.
import { expect, waitUntil } from '@open-wc/testing';
import { defineHost } from '../isolated/imp-card-host.ts';
import type { ImpCardForm } from './imp-card-form.ts';
import { contrast, engine, field, fillValid, form, part, setViewport } from './test-helpers.ts';

/**
 * Phone widths. WebKit: MiniBrowser's window cannot be narrower than its toolbar (~447 px), so
 * WebKitWebDriver cannot give a phone's viewport; WebKit checks the same rules at the narrowest
 * width it can give rather than skip them.
 */
const WIDTHS = engine === 'webkit' ? [448] : [320, 360, 390, 414];

afterEach(() => setViewport({ width: 800, height: 600 }));

describe('<imp-card-form> on a phone', () => {
  it('asks for the digit keyboard and the card autofill tokens', async () => {
    const el = await form();
    const of = (name: 'card_number' | 'expiry' | 'birth' | 'pwd_2digit') => {
      const input = field(el, name);
      return [input.inputMode, input.autocomplete, input.type];
    };
    expect(of('card_number')).to.deep.equal(['numeric', 'cc-number', 'text']);
    expect(of('expiry')).to.deep.equal(['numeric', 'cc-exp', 'text']);
    // No token: `bday` would be the browser profile's owner, not always the cardholder (a family
    // card), and the field is a business number for corporate cards; the PIN digits are never
    // offered to autofill or a password manager.
    expect(of('birth')).to.deep.equal(['numeric', 'off', 'text']);
    expect(of('pwd_2digit')).to.deep.equal(['numeric', 'off', 'password']);
  });

  for (const width of WIDTHS) {
    it(`at ${width} px: inputs at 16 px or more, touch targets 44 px or more, nothing cut off`, async () => {
      await setViewport({ width, height: 800 });
      const el = await form({ endpoint: `/__stub/register?id=mobile-${width}&drop=9` });
      for (const name of ['card_number', 'expiry', 'birth', 'pwd_2digit'] as const) {
        const input = field(el, name);
        expect(parseFloat(getComputedStyle(input).fontSize), name).to.be.at.least(16);
        expect(input.getBoundingClientRect().height, name).to.be.at.least(44);
      }
      const toggle = part(el, 'toggle').getBoundingClientRect();
      expect(toggle.height).to.be.at.least(44);
      expect(toggle.width).to.be.at.least(44);
      expect(part(el, 'submit').getBoundingClientRect().height).to.be.at.least(44);
      // The form fits the screen: no input runs past the form's right edge.
      const box = part(el, 'form').getBoundingClientRect();
      expect(box.right).to.be.at.most(width);
      for (const input of el.shadowRoot!.querySelectorAll('input[part~=input]'))
        expect(input.getBoundingClientRect().right).to.be.at.most(box.right);
      // The retry button after a network error.
      await fillValid(el);
      void el.submit();
      await waitUntil(() => el.shadowRoot!.querySelector('[part~=retry]'), 'the retry button', {
        timeout: 5000,
      });
      expect(part(el, 'retry').getBoundingClientRect().height).to.be.at.least(44);
    });
  }

  it('draws the corporate switch in the theme’s colours, off and on (WebKit paints a native checkbox white)', async () => {
    const el = await form({ theme: 'dark' });
    const input = part(el, 'toggle').querySelector('input')!;
    const dark = getComputedStyle(part(el, 'form')).backgroundColor;
    expect(dark).to.equal('rgb(21, 23, 29)');
    const style = () => getComputedStyle(input);
    expect(style().appearance).to.equal('none');
    // Off: no fill of its own over the dark form, a knob (the text colour) that stands out
    // (3:1, WCAG 1.4.11), at the start.
    expect(style().backgroundColor).to.equal('rgba(0, 0, 0, 0)');
    expect(contrast(style().color, dark)).to.be.at.least(3);
    expect(parseFloat(style().backgroundPositionX)).to.equal(0);
    input.click();
    await el.updateComplete;
    expect(el.corporate).to.equal(true);
    // On: the accent, the knob in the colour of text on the accent, at the end.
    const submit = getComputedStyle(part(el, 'submit'));
    expect(style().backgroundColor).to.equal(submit.backgroundColor);
    expect(style().color).to.equal(submit.color);
    expect(contrast(style().color, style().backgroundColor)).to.be.at.least(3);
    expect(style().backgroundPositionX).to.equal('100%');
  });
});

describe('isolated frame on a phone', () => {
  customElements.define(
    'test-host-real',
    defineHost(new URL('/__stub/frame/real/', location.href)),
  );

  for (const width of WIDTHS) {
    it(`at ${width} px the host sizes the frame to the whole form, with no scrolling inside`, async () => {
      await setViewport({ width, height: 800 });
      const host = document.createElement('test-host-real');
      host.setAttribute('token', 'tok.en');
      document.body.append(host);
      try {
        const frame = host.shadowRoot!.querySelector('iframe')!;
        const inner = () => frame.contentDocument?.querySelector<ImpCardForm>('imp-card-form');
        await waitUntil(() => inner()?.shadowRoot?.querySelector('#card_number'), 'the form', {
          timeout: 10000,
        });
        const doc = frame.contentDocument!.documentElement;
        const content = () => Math.ceil(doc.getBoundingClientRect().height);
        await waitUntil(
          () => content() > 300 && parseFloat(frame.style.height) === content(),
          `the frame's height (${frame.style.height}) follows its content`,
          { timeout: 5000 },
        );
        expect(frame.getBoundingClientRect().width).to.be.at.most(width);
        expect(doc.scrollHeight).to.be.at.most(frame.clientHeight);
        expect(doc.scrollWidth).to.be.at.most(frame.clientWidth);
        // An error under a field makes the form taller: the frame follows.
        const before = frame.getBoundingClientRect().height;
        await inner()!.submit();
        await waitUntil(
          () => frame.getBoundingClientRect().height > before,
          'the frame grew with the errors',
          { timeout: 5000 },
        );
        await waitUntil(() => parseFloat(frame.style.height) === content(), 'sized again');
        expect(doc.scrollHeight).to.be.at.most(frame.clientHeight);
        const input = inner()!.shadowRoot!.querySelector<HTMLInputElement>('#card_number')!;
        expect(parseFloat(getComputedStyle(input).fontSize)).to.be.at.least(16);
      } finally {
        host.remove();
      }
    });
  }
});
