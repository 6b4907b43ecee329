/* eslint-disable @typescript-eslint/no-floating-promises -- @open-wc/testing types chai's Assertion as thenable (for its async a11y/snapshot checks); plain assertions are synchronous. */
// The form's texts: which language, and that the merged tree is built once per language and
// `messages`, not on every read (a render reads it several times and every keystroke renders).
import { expect } from '@open-wc/testing';
import { en, ko } from '../i18n/index.ts';
import { LocalizeController, type LocalizeHost } from './localize-controller.ts';
import type { ImpCardMessages } from './merge-messages.ts';

/** A host in a `<div lang>` on the page, as the form would be. */
function hostIn(lang: string, messages: ImpCardMessages = {}): LocalizeHost {
  const wrapper = document.createElement('div');
  wrapper.lang = lang;
  const host = Object.assign(document.createElement('div'), { messages });
  wrapper.append(host);
  document.body.append(wrapper);
  return host;
}

afterEach(() => document.body.replaceChildren());

describe('LocalizeController', () => {
  it('hands out the same merged texts until the language or messages change', () => {
    const host = hostIn('ko');
    const l10n = new LocalizeController(host);
    const first = l10n.t;
    expect(first).to.deep.equal(ko);
    // Merged, not the shipped dictionary itself: an override never writes into it.
    expect(first).to.not.equal(ko);
    expect(l10n.t).to.equal(first);
    expect(l10n.t).to.equal(first);

    host.lang = 'en-US';
    const english = l10n.t;
    expect(english).to.not.equal(first);
    expect(english).to.deep.equal(en);
    expect(l10n.t).to.equal(english);

    host.messages = { submit: { billing_key: 'Save' } };
    const overridden = l10n.t;
    expect(overridden).to.not.equal(english);
    expect(overridden.submit.billing_key).to.equal('Save');
    expect(overridden.submit.payment).to.equal(en.submit.payment);
    expect(l10n.t).to.equal(overridden);
  });

  it('follows an ancestor’s lang from the next read on, merging again only then', () => {
    const host = hostIn('en', { retry: 'Again' });
    const l10n = new LocalizeController(host);
    const english = l10n.t;
    expect(english.lang).to.equal('en');
    expect(english.retry).to.equal('Again');
    host.parentElement!.lang = 'ko';
    const korean = l10n.t;
    expect(korean.lang).to.equal('ko');
    expect(korean.retry).to.equal('Again');
    expect(l10n.t).to.equal(korean);
  });

  it('reads the page’s lang from inside a shadow root, then the browser’s', () => {
    const html = document.documentElement;
    const pageLang = html.lang;
    try {
      html.lang = 'en';
      const shell = document.createElement('div');
      document.body.append(shell);
      const host = Object.assign(document.createElement('div'), { messages: {} });
      shell.attachShadow({ mode: 'open' }).append(host);
      expect(new LocalizeController(host).t.lang).to.equal('en');
      html.removeAttribute('lang');
      const browser = /^en(?![a-z])/i.test(navigator.language) ? 'en' : 'ko';
      expect(new LocalizeController(host).t.lang).to.equal(browser);
    } finally {
      html.lang = pageLang;
    }
  });
});
