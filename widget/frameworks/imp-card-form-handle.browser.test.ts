/* eslint-disable @typescript-eslint/no-floating-promises -- @open-wc/testing types chai's Assertion as thenable (for its async a11y/snapshot checks); plain assertions are synchronous. */
// The object a ref to impcard/react's <ImpCardForm> holds, over the element the component renders:
// here the isolated host (what `imp-card.js` defines on a page of another origin) with the real
// form in its frame (test/widget-stub.mjs's `real` frame). Before `imp-card.js` has defined the
// element the ref answers as a form with no card; after, it says what the frame last reported.
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { typedCard } from '../../server/testing/test-cards.ts';
import { en } from '../i18n/index.ts';
import type { ImpCardForm } from '../imp-card-form/imp-card-form.ts';
import { HOST_TEXTS } from '../isolated/host-texts.ts';
import { defineHost } from '../isolated/imp-card-host.ts';
import { impCardFormHandle } from './imp-card-form-handle.ts';

describe('the ref of <ImpCardForm>: validity, checkValidity(), reportValidity()', () => {
  it('answers for a form with no card until defined, then follows the frame', async () => {
    document.documentElement.lang = 'en';
    // As React renders it: the element is on the page before imp-card.js has loaded.
    const element = document.createElement('imp-card-form');
    element.setAttribute('token', 'tok.en');
    document.body.append(element);
    const handle = impCardFormHandle(element);
    try {
      expect(handle.validity.valid).to.equal(false);
      expect(handle.validity.valueMissing).to.equal(true);
      expect(handle.validationMessage).to.equal(HOST_TEXTS.en.empty);
      expect(handle.checkValidity()).to.equal(false);
      expect(handle.reportValidity()).to.equal(false);
      handle.focus();

      customElements.define(
        'imp-card-form',
        defineHost(new URL('/__stub/frame/real/', location.href)),
      );
      const frame = element.shadowRoot!.querySelector('iframe')!;
      const inner = () => frame.contentDocument?.querySelector<ImpCardForm>('imp-card-form');
      const input = (name: string) =>
        inner()?.shadowRoot?.querySelector<HTMLInputElement>(`#${name}`) ?? null;
      // The frame's first report: the card number is missing, in the page's language.
      await waitUntil(() => handle.validity.customError, 'the frame reported', { timeout: 10000 });
      expect(handle.validity).to.be.instanceOf(ValidityState);
      expect(handle.validity.valid).to.equal(false);
      expect(handle.validationMessage).to.equal(en.fields.card_number.errors.required);
      let invalid = 0;
      element.addEventListener('invalid', () => invalid++);
      expect(handle.checkValidity()).to.equal(false);
      expect(invalid).to.equal(1);
      expect(input('card_number')!.getAttribute('aria-invalid')).to.not.equal('true');

      // reportValidity(), focus on the page: the frame shows every field's error and focuses the first.
      const button = document.body.appendChild(document.createElement('button'));
      button.focus();
      expect(handle.reportValidity()).to.equal(false);
      expect(invalid).to.equal(2);
      const shown = () =>
        input('card_number')?.getAttribute('aria-invalid') === 'true' &&
        input('expiry')?.getAttribute('aria-invalid') === 'true';
      await waitUntil(shown, 'the errors in the frame', { timeout: 5000 });
      await waitUntil(
        () => inner()!.shadowRoot!.activeElement === input('card_number'),
        'the card number focused',
        { timeout: 5000 },
      );
      button.remove();
      // And with focus already in the frame (the customer is typing): the same, as inline.
      element.reset();
      await waitUntil(() => !shown(), 'the errors cleared', { timeout: 5000 });
      input('expiry')!.focus();
      expect(handle.reportValidity()).to.equal(false);
      await waitUntil(shown, 'the errors in the frame again', { timeout: 5000 });

      // The customer types the card in the frame: the ref says valid once the frame does.
      const card = typedCard();
      for (const name of ['card_number', 'expiry', 'pwd_2digit', 'birth'] as const) {
        input(name)!.focus();
        await sendKeys({ type: card[name] });
      }
      await waitUntil(() => handle.validity.valid, 'the frame reported a valid card', {
        timeout: 5000,
      });
      expect(handle.validationMessage).to.equal('');
      expect(handle.checkValidity()).to.equal(true);
      expect(handle.reportValidity()).to.equal(true);
      expect(invalid).to.equal(3);
    } finally {
      element.remove();
    }
  });
});
