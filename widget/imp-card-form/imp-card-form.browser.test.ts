/* eslint-disable @typescript-eslint/no-floating-promises -- @open-wc/testing types chai's Assertion as thenable (for its async a11y/snapshot checks); plain assertions are synchronous. */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { FormErrorCode } from '../contract/index.ts';
import { en, ko } from '../i18n/index.ts';
import type {
  ImpCardChangeEvent,
  ImpCardFailureEvent,
  ImpCardSuccessEvent,
} from './imp-card-events.ts';
import type { ImpCardForm } from './imp-card-form.ts';
import {
  contrast,
  field,
  fillValid,
  focused,
  form,
  over,
  part,
  press,
  tokenFor,
  type,
} from './test-helpers.ts';
import { VALID_CARD, typedCard } from '../../server/testing/test-cards.ts';

interface Logged {
  idempotencyKey: string;
  contentType: string;
  body: Record<string, string>;
}

let seq = 0;
/** A stub endpoint of its own for one test, with the stub's controls as query parameters. */
function stub(params = ''): { endpoint: string; log: () => Promise<Logged[]> } {
  const id = `t${Date.now()}-${++seq}`;
  return {
    endpoint: `/__stub/register?id=${id}${params ? `&${params}` : ''}`,
    log: async () => (await fetch(`/__stub/log?id=${id}`)).json() as Promise<Logged[]>,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('<imp-card-form> validation and messages', () => {
  it('shows no error while typing, shows it on blur, and clears it as the user fixes it', async () => {
    const el = await form();
    const input = field(el, 'card_number');
    await type(el, 'card_number', '4242424242424241');
    // 16 digits failing Luhn: a Visa may have 19, so while typing it could still be valid.
    expect(part(el, 'error').textContent).to.equal('');
    expect(input.getAttribute('aria-invalid')).to.equal('false');
    expect(focused(el)).to.equal('card_number');
    field(el, 'expiry').focus();
    await el.updateComplete;
    const error = el.shadowRoot!.querySelector('#card_number-error')!;
    expect(error.textContent).to.equal(ko.fields.card_number.errors.luhn);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')!.split(' ')).to.include('card_number-error');
    input.focus();
    await press(el, 'Backspace');
    expect(error.textContent).to.equal('');
    expect(input.getAttribute('aria-invalid')).to.equal('false');
  });

  it('switching to another app or tab mid-number shows no error: focus never left the field', async () => {
    const el = await form();
    await type(el, 'card_number', '4242');
    // What the window losing focus does: focusout on the input, which stays the active element.
    field(el, 'card_number').dispatchEvent(
      new FocusEvent('focusout', { bubbles: true, composed: true }),
    );
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#card_number-error')!.textContent).to.equal('');
  });

  it('leaving an empty field shows nothing; submit then lists every problem and focuses the first', async () => {
    const el = await form();
    field(el, 'card_number').focus();
    field(el, 'expiry').focus();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#card_number-error')!.textContent).to.equal('');
    await el.submit();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#card_number-error')!.textContent).to.equal(
      ko.fields.card_number.errors.required,
    );
    expect(el.shadowRoot!.querySelector('#birth-error')!.textContent).to.equal(
      ko.fields.birth.errors.required,
    );
    expect(part(el, 'status').textContent).to.equal('입력 내용을 확인해 주세요(4개 항목).');
    expect(focused(el)).to.equal('card_number');
  });

  it('announces a second invalid submit again (the live region text changes)', async () => {
    const el = await form();
    await el.submit();
    await el.updateComplete;
    const status = part(el, 'status');
    const seen: string[] = [];
    const observer = new MutationObserver(() => seen.push(status.textContent));
    observer.observe(status, { childList: true, characterData: true, subtree: true });
    await el.submit();
    await el.updateComplete;
    observer.disconnect();
    expect(status.textContent).to.equal('입력 내용을 확인해 주세요(4개 항목).');
    expect(seen.length).to.be.greaterThan(0);
  });

  it('speaks Korean on a Korean page (the tests\' <html lang="ko">)', async () => {
    const el = await form();
    expect(el.shadowRoot!.querySelector('label[for=card_number]')!.textContent).to.equal(
      '카드번호',
    );
    await type(el, 'expiry', '13');
    field(el, 'birth').focus();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#expiry-error')!.textContent).to.equal(
      '월은 01~12 사이로 입력해 주세요.',
    );
  });

  it('speaks English with lang="en", and switches back live', async () => {
    const el = await form({ lang: 'en' });
    expect(el.shadowRoot!.querySelector('label[for=card_number]')!.textContent).to.equal(
      en.fields.card_number.label,
    );
    await type(el, 'expiry', '13');
    field(el, 'birth').focus();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#expiry-error')!.textContent).to.equal(
      'The month must be between 01 and 12.',
    );
    el.lang = 'ko';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#expiry-error')!.textContent).to.equal(
      ko.fields.expiry.errors.month,
    );
  });

  it('takes a regional lang (en-US) as English, and marks its texts with their language', async () => {
    const us = await form({ lang: 'en-US' });
    const label = us.shadowRoot!.querySelector('label[for=card_number]')!;
    expect(label.textContent).to.equal(en.fields.card_number.label);
    expect(label.matches(':lang(en)')).to.equal(true);
    // A Korean text inside an English page still carries its own language for screen readers.
    const page = await fixture<HTMLDivElement>(
      html`<div lang="en"><imp-card-form lang="ko"></imp-card-form></div>`,
    );
    const el = page.querySelector('imp-card-form')!;
    await el.updateComplete;
    const ko = el.shadowRoot!.querySelector('label[for=card_number]')!;
    expect(ko.textContent).to.equal('카드번호');
    expect(ko.matches(':lang(ko)')).to.equal(true);
  });

  it('takes merchant texts from label attributes and the messages property', async () => {
    const el = await form({ 'card-number-label': '신용/체크카드 번호' });
    el.messages = { fields: { expiry: { label: '만료일' } }, submit: { billing_key: '저장' } };
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('label[for=card_number]')!.textContent).to.equal(
      '신용/체크카드 번호',
    );
    expect(el.shadowRoot!.querySelector('label[for=expiry]')!.textContent).to.equal('만료일');
    // untouched texts keep the language's
    expect(el.shadowRoot!.querySelector('label[for=birth]')!.textContent).to.equal(
      ko.fields.birth.label,
    );
    expect(part(el, 'submit').textContent.trim()).to.equal('저장');
  });

  it('shows the order from the token: name and amount in KRW, and the matching button', async () => {
    const el = await form({
      token: tokenFor({ mode: 'payment', amount: 129000, name: '프리미엄 연간 구독' }),
    });
    expect(part(el, 'order').textContent).to.contain('프리미엄 연간 구독');
    expect(part(el, 'order').textContent).to.contain('129,000원');
    expect(part(el, 'submit').textContent.trim()).to.equal(ko.submit.payment);
  });

  it('keeps an odd token from breaking the order summary', async () => {
    const long = await form({
      token: tokenFor({ mode: 'payment', amount: 9900, name: 'A'.repeat(300) }),
    });
    const order = part(long, 'order');
    expect(order.scrollWidth).to.be.at.most(order.clientWidth);
    // Amounts the server would refuse (not a positive whole number of won) are not shown at all.
    for (const amount of [9900.5, 1e21, -100, '9900']) {
      const el = await form({ token: tokenFor({ mode: 'payment', amount, name: '구독' }) });
      expect(part(el, 'order').textContent.trim()).to.equal('구독');
    }
  });
});

describe('<imp-card-form> events', () => {
  it('imp-card-change reports validity per field and the brand, never the digits', async () => {
    const el = await form();
    const details: ImpCardChangeEvent['detail'][] = [];
    el.addEventListener('imp-card-change', (e) => details.push(e.detail));
    await type(el, 'card_number', '4242');
    const first = details.at(-1)!;
    expect(first.field).to.equal('card_number');
    expect(first.brand).to.equal('visa');
    expect(first.complete).to.equal(false);
    expect(first.fields.card_number).to.deep.equal({
      complete: false,
      valid: true,
      error: 'incomplete',
    });
    el.reset();
    await fillValid(el);
    const last = details.at(-1)!;
    expect(last.complete).to.equal(true);
    expect(Object.values(last.fields).every((f) => f.complete && f.valid && !f.error)).to.equal(
      true,
    );
    expect(JSON.stringify(details)).not.to.match(/4242|900101/);
  });

  it('imp-card-change reports the cleared fields after reset() and after a success', async () => {
    const s = stub();
    const el = await form({ endpoint: s.endpoint });
    const details: ImpCardChangeEvent['detail'][] = [];
    el.addEventListener('imp-card-change', (e) => details.push(e.detail));
    await fillValid(el);
    expect(details.at(-1)!.complete).to.equal(true);
    el.reset();
    expect(details.at(-1)!.complete).to.equal(false);
    expect(details.at(-1)!.fields.card_number.complete).to.equal(false);
    await fillValid(el);
    await el.submit();
    expect(details.at(-1)!.complete).to.equal(false);
    expect(details.at(-1)!.fields.expiry.complete).to.equal(true); // the expiry stays
  });

  it('imp-card-change bubbles out of the shadow root', async () => {
    const el = await form();
    setTimeout(() => void type(el, 'pwd_2digit', '1'));
    const e = await oneEvent<ImpCardChangeEvent>(document.body, 'imp-card-change');
    expect(e.bubbles && e.composed).to.equal(true);
    expect(e.detail.field).to.equal('pwd_2digit');
  });

  it('imp-card-submit is cancelable: preventDefault sends nothing', async () => {
    const s = stub();
    const el = await form({ endpoint: s.endpoint, token: 'tok' });
    await fillValid(el);
    let detail: unknown;
    el.addEventListener('imp-card-submit', (e) => {
      detail = e.detail;
      e.preventDefault();
    });
    await el.submit();
    expect(detail).to.deep.equal({ brand: 'visa', corporate: false, mode: null });
    expect(await s.log()).to.have.length(0);
  });
});

describe('<imp-card-form> submit', () => {
  it('POSTs the wire body with an Idempotency-Key; success fires the masked result and clears the card', async () => {
    const s = stub();
    const el = await form({ endpoint: s.endpoint, token: 'tok.en' });
    await fillValid(el);
    setTimeout(() => part(el, 'submit').click());
    const e = await oneEvent<ImpCardSuccessEvent>(el, 'imp-card-success');
    expect(e.detail).to.deep.equal({
      status: 'success',
      mode: 'billing_key',
      billing_key: {
        customer_uid: 'cust-1',
        card_name: '신한카드',
        card_number: '424242******4242',
        pg_provider: 'jtnet',
      },
    });
    const [sent] = await s.log();
    expect(sent!.body).to.deep.equal({ token: 'tok.en', ...VALID_CARD });
    expect(sent!.contentType).to.equal('application/json');
    expect(sent!.idempotencyKey).to.match(UUID);
    await el.updateComplete;
    expect(part(el, 'status').textContent).to.equal(ko.success.billing_key);
    expect(field(el, 'card_number').value).to.equal('');
    expect(field(el, 'birth').value).to.equal('');
    expect(field(el, 'pwd_2digit').value).to.equal('');
    const { expiry } = typedCard();
    expect(field(el, 'expiry').value).to.equal(`${expiry.slice(0, 2)}/${expiry.slice(2)}`);
  });

  it('disables the button with a spinner while a slow request is pending: one request only', async () => {
    const s = stub('delay=600');
    const el = await form({ endpoint: s.endpoint });
    await fillValid(el);
    const button = part(el, 'submit') as HTMLButtonElement;
    button.click();
    await el.updateComplete;
    // aria-disabled, not disabled: a disabled button would drop the keyboard focus (see below).
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(button.getAttribute('aria-busy')).to.equal('true');
    expect(el.shadowRoot!.querySelector('[part~=spinner]')).not.to.equal(null);
    expect(button.textContent.trim()).to.equal(ko.processing);
    button.click();
    await el.submit();
    await waitUntil(() => button.getAttribute('aria-disabled') === 'false', 'the request ends', {
      timeout: 5000,
    });
    expect(await s.log()).to.have.length(1);
    expect(el.shadowRoot!.querySelector('[part~=spinner]')).to.equal(null);
  });

  it('keeps the keyboard focus on the button while pending and after a retry', async () => {
    const s = stub('delay=300&drop=1');
    const el = await form({ endpoint: s.endpoint });
    await fillValid(el);
    const active = (): string | null | undefined =>
      el.shadowRoot!.activeElement?.getAttribute('part');
    part(el, 'submit').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(active()).to.equal('submit');
    await sendKeys({ press: 'Enter' }); // a second press while pending sends nothing
    await waitUntil(() => el.shadowRoot!.querySelector('[part~=retry]'), 'the network error');
    expect(active()).to.equal('submit');
    part(el, 'retry').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    // The retry button goes away while pending: focus moves to the busy submit button, not <body>.
    expect(active()).to.equal('submit');
    await waitUntil(() => part(el, 'status').textContent === ko.success.billing_key, 'success');
    expect(await s.log()).to.have.length(2);
  });

  it('a network failure offers a retry that reuses the Idempotency-Key; new card data gets a new key', async () => {
    const s = stub('drop=1');
    const el = await form({ endpoint: s.endpoint });
    await fillValid(el);
    setTimeout(() => void el.submit());
    const failure = await oneEvent<ImpCardFailureEvent>(el, 'imp-card-failure');
    expect(failure.detail).to.deep.equal({
      code: 'NETWORK_ERROR',
      message: ko.errors.NETWORK_ERROR,
    });
    await el.updateComplete;
    expect(part(el, 'status').textContent).to.equal(ko.errors.NETWORK_ERROR);
    setTimeout(() => part(el, 'retry').click());
    await oneEvent<ImpCardSuccessEvent>(el, 'imp-card-success');
    const [first, second] = await s.log();
    expect(first!.idempotencyKey).to.match(UUID);
    expect(second!.idempotencyKey).to.equal(first!.idempotencyKey);
    expect(second!.body).to.deep.equal(first!.body);
    // a new attempt with new card data (a success stands until reset())
    el.reset();
    await fillValid(el);
    await el.submit();
    const third = (await s.log())[2]!;
    expect(third.idempotencyKey).to.match(UUID);
    expect(third.idempotencyKey).not.to.equal(first!.idempotencyKey);
  });

  it('holds the card still while pending, so the retry is the same attempt with the same key', async () => {
    const s = stub('delay=300&drop=1');
    const el = await form({ endpoint: s.endpoint });
    await fillValid(el);
    setTimeout(() => void el.submit());
    await waitUntil(() => part(el, 'spinner'), 'pending');
    const input = field(el, 'card_number');
    input.select();
    await type(el, 'card_number', '5555555555554444');
    expect(input.value).to.equal('4242 4242 4242 4242');
    await waitUntil(() => el.shadowRoot!.querySelector('[part~=retry]'), 'the network error');
    part(el, 'retry').click();
    await waitUntil(() => part(el, 'status').textContent === ko.success.billing_key, 'success');
    const [first, second] = await s.log();
    expect(second!.idempotencyKey).to.equal(first!.idempotencyKey);
    expect(second!.body).to.deep.equal(first!.body);
  });

  it('still sends (with a UUID key) where crypto.randomUUID is missing: a page on plain http', async () => {
    const s = stub();
    const el = await form({ endpoint: s.endpoint });
    await fillValid(el);
    // randomUUID exists only in secure contexts; getRandomValues everywhere.
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      await el.submit();
    } finally {
      delete (crypto as { randomUUID?: unknown }).randomUUID;
    }
    await el.updateComplete;
    expect(part(el, 'status').textContent).to.equal(ko.success.billing_key);
    expect((await s.log())[0]!.idempotencyKey).to.match(UUID);
  });

  it('a timeout attribute that is not a number falls back to the default instead of failing every submit', async () => {
    const s = stub();
    const el = await form({ endpoint: s.endpoint, timeout: '30s' });
    await fillValid(el);
    await el.submit();
    await el.updateComplete;
    expect(part(el, 'status').textContent).to.equal(ko.success.billing_key);
    expect(await s.log()).to.have.length(1);
  });

  it('an unreachable server is a NETWORK_ERROR with a retry button', async () => {
    // Nothing listens on port 9 (discard) on the loopback interface: the connection is refused.
    const el = await form({ endpoint: 'http://127.0.0.1:9/v1/registrations' });
    await fillValid(el);
    setTimeout(() => void el.submit());
    const e = await oneEvent<ImpCardFailureEvent>(el, 'imp-card-failure');
    expect(e.detail.code).to.equal('NETWORK_ERROR');
    await el.updateComplete;
    expect(part(el, 'retry').textContent.trim()).to.equal(ko.retry);
    expect(part(el, 'submit').getAttribute('aria-disabled')).to.equal('false');
  });

  it("a decline fires imp-card-failure with the code, a localised message and the card company's reason, and no retry", async () => {
    const s = stub('result=declined');
    const el = await form({ endpoint: s.endpoint, lang: 'en' });
    await fillValid(el);
    setTimeout(() => void el.submit());
    const e = await oneEvent<ImpCardFailureEvent>(el, 'imp-card-failure');
    expect(e.detail).to.deep.equal({
      code: 'CARD_DECLINED',
      message: en.errors.CARD_DECLINED,
      reason: '한도초과',
    });
    await el.updateComplete;
    expect(part(el, 'status').textContent).to.equal(
      `${en.errors.CARD_DECLINED} Card company: 한도초과`,
    );
    expect(el.shadowRoot!.querySelector('[part~=retry]')).to.equal(null);
    // the card stays so the user can correct it
    expect(field(el, 'card_number').value).to.equal('4242 4242 4242 4242');
  });

  it('a refusal already on screen follows the language when the customer switches it', async () => {
    const s = stub('result=declined');
    const el = await form({ endpoint: s.endpoint, lang: 'en' });
    await fillValid(el);
    setTimeout(() => void el.submit());
    await oneEvent<ImpCardFailureEvent>(el, 'imp-card-failure');
    await el.updateComplete;
    expect(part(el, 'status').textContent).to.equal(
      `${en.errors.CARD_DECLINED} Card company: 한도초과`,
    );
    el.lang = 'ko';
    await el.updateComplete;
    // The card company's words are its own and stay as they came.
    expect(part(el, 'status').textContent).to.equal(
      `${ko.errors.CARD_DECLINED} 카드사 응답: 한도초과`,
    );
    // A language set on the page (an ancestor's lang) is followed the same way.
    el.removeAttribute('lang');
    const wrapper = document.createElement('div');
    wrapper.lang = 'en';
    el.before(wrapper);
    wrapper.append(el);
    await el.updateComplete;
    expect(part(el, 'status').textContent).to.equal(
      `${en.errors.CARD_DECLINED} Card company: 한도초과`,
    );
  });

  it("shows the server's field codes on the fields", async () => {
    const s = stub('result=invalid');
    const el = await form({ endpoint: s.endpoint });
    await fillValid(el);
    setTimeout(() => void el.submit());
    const e = await oneEvent<ImpCardFailureEvent>(el, 'imp-card-failure');
    expect(e.detail.fields).to.deep.equal({ birth: ['date'] });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#birth-error')!.textContent).to.equal(
      ko.fields.birth.errors.date,
    );
    expect(field(el, 'birth').getAttribute('aria-invalid')).to.equal('true');
  });

  it('answers every server failure code: its message, a retry (same key) only where the outcome may still change', async () => {
    const answers: Array<[FormErrorCode, number]> = [
      ['INVALID_REQUEST', 400],
      ['TOKEN_INVALID', 401],
      ['TOKEN_EXPIRED', 401],
      ['TOKEN_ALREADY_USED', 409],
      ['FORBIDDEN', 403],
      ['ATTEMPTS_EXCEEDED', 429],
      ['CARD_DECLINED', 402],
      ['PG_ERROR', 402],
      ['PG_NOT_SUPPORTED', 422],
      ['RATE_LIMITED', 429],
      ['UPSTREAM_UNAVAILABLE', 503],
      ['OUTCOME_UNKNOWN', 502],
      ['PAYLOAD_TOO_LARGE', 413],
      ['INTERNAL_ERROR', 500],
    ];
    const retryable = ['UPSTREAM_UNAVAILABLE', 'OUTCOME_UNKNOWN', 'INTERNAL_ERROR'];
    for (const [code, http] of answers) {
      const s = stub(`result=code&code=${code}&http=${http}`);
      const el = await form({ endpoint: s.endpoint, lang: 'en' });
      await fillValid(el);
      setTimeout(() => void el.submit());
      const e = await oneEvent<ImpCardFailureEvent>(el, 'imp-card-failure');
      // The stub's message is 'stub': relayed as the card company's words only for 402s.
      const fromPg = code === 'CARD_DECLINED' || code === 'PG_ERROR';
      expect(e.detail).to.deep.equal({
        code,
        message: en.errors[code],
        ...(fromPg && { reason: 'stub' }),
      });
      await el.updateComplete;
      expect(part(el, 'status').textContent, code).to.equal(
        fromPg ? `${en.errors[code]} Card company: stub` : en.errors[code],
      );
      const retry = el.shadowRoot!.querySelector<HTMLElement>('[part~=retry]');
      expect(!!retry, code).to.equal(retryable.includes(code));
      expect(field(el, 'card_number').value, code).to.equal('4242 4242 4242 4242');
      await el.submit(); // again, unchanged
      const [first, second] = await s.log();
      expect(second!.idempotencyKey === first!.idempotencyKey, code).to.equal(
        retryable.includes(code),
      );
    }
  });

  it('a non-JSON 502 from a proxy becomes UPSTREAM_UNAVAILABLE with a retry', async () => {
    const s = stub('result=html');
    const el = await form({ endpoint: s.endpoint });
    await fillValid(el);
    setTimeout(() => void el.submit());
    const e = await oneEvent<ImpCardFailureEvent>(el, 'imp-card-failure');
    expect(e.detail.code).to.equal('UPSTREAM_UNAVAILABLE');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~=retry]')).not.to.equal(null);
  });
});

describe('<imp-card-form> in a native form, methods, accessibility', () => {
  it('takes part in validity and reset without putting card data into FormData', async () => {
    const f = await fixture<HTMLFormElement>(
      html`<form><imp-card-form></imp-card-form><input name="plan" value="pro" /></form>`,
    );
    const el = f.querySelector('imp-card-form')!;
    await el.updateComplete;
    expect(f.checkValidity()).to.equal(false);
    expect(el.matches(':invalid')).to.equal(true);
    await fillValid(el);
    expect(f.checkValidity()).to.equal(true);
    expect(el.matches(':valid')).to.equal(true);
    const data = new FormData(f);
    expect([...data.keys()]).to.deep.equal(['plan']);
    expect([...data.values()].filter((v) => typeof v === 'string').join()).to.equal('pro');
    f.reset();
    await el.updateComplete;
    expect(field(el, 'card_number').value).to.equal('');
    expect(f.checkValidity()).to.equal(false);
  });

  it('exposes validity, checkValidity() and reportValidity() as a native control does', async () => {
    const el = await form();
    expect(el.validity).to.be.instanceOf(ValidityState);
    expect(el.validity.valid).to.equal(false);
    expect(el.validity.customError).to.equal(true);
    let invalid = 0;
    el.addEventListener('invalid', () => invalid++);
    expect(el.checkValidity()).to.equal(false);
    expect(invalid).to.equal(1);
    await fillValid(el);
    expect(el.validity.valid).to.equal(true);
    expect(el.checkValidity()).to.equal(true);
    expect(el.reportValidity()).to.equal(true);
    expect(invalid).to.equal(1);
  });

  it('inside a disabled fieldset it is disabled like a native control: no typing, no submit', async () => {
    const s = stub();
    const f = await fixture<HTMLFormElement>(
      html`<form>
        <fieldset disabled><imp-card-form></imp-card-form></fieldset>
      </form>`,
    );
    const el = f.querySelector('imp-card-form')!;
    el.endpoint = s.endpoint;
    await el.updateComplete;
    expect(el.matches(':disabled')).to.equal(true);
    expect(field(el, 'card_number').disabled).to.equal(true);
    f.querySelector('fieldset')!.disabled = false;
    await el.updateComplete;
    expect(field(el, 'card_number').disabled).to.equal(false);
    await fillValid(el);
    f.querySelector('fieldset')!.disabled = true;
    await el.updateComplete;
    await el.submit();
    expect(await s.log()).to.have.length(0);
  });

  it('focus() goes to the card number; reset() clears fields, errors and status', async () => {
    const el = await form();
    el.focus();
    expect(focused(el)).to.equal('card_number');
    await type(el, 'card_number', '4111');
    await el.submit();
    await el.updateComplete;
    expect(part(el, 'status').textContent).not.to.equal('');
    el.reset();
    await el.updateComplete;
    expect(field(el, 'card_number').value).to.equal('');
    expect(part(el, 'status').textContent).to.equal('');
    expect(el.shadowRoot!.querySelector('#card_number-error')!.textContent).to.equal('');
  });

  it('renders one open shadow root with one form, named inputs with real labels', async () => {
    const el = await form();
    expect(el.shadowRoot!.mode).to.equal('open');
    expect(el.shadowRoot!.querySelectorAll('form')).to.have.length(1);
    const expected = {
      card_number: 'cc-number',
      expiry: 'cc-exp',
      birth: 'off',
      pwd_2digit: 'off',
    } as const;
    for (const [name, autocomplete] of Object.entries(expected)) {
      const input = field(el, name as keyof typeof expected);
      expect(input.getAttribute('inputmode')).to.equal('numeric');
      expect(input.getAttribute('autocomplete')).to.equal(autocomplete);
      expect(input.labels![0]!.textContent).not.to.equal('');
    }
    // the result's live region is there before anything happens
    expect(part(el, 'status').getAttribute('role')).to.equal('status');
    // styles come from constructable stylesheets only (strict CSP)
    expect(el.shadowRoot!.adoptedStyleSheets.length).to.be.greaterThan(0);
    expect(el.shadowRoot!.querySelector('style, [style]')).to.equal(null);
  });

  it('meets WCAG AA contrast in both schemes: 4.5:1 for text, 3:1 for input borders', async () => {
    for (const theme of ['light', 'dark']) {
      const el = await form({ theme });
      await type(el, 'card_number', '4242');
      el.focus();
      field(el, 'expiry').focus();
      await el.submit();
      await el.updateComplete;
      const style = (e: Element): CSSStyleDeclaration => getComputedStyle(e);
      const box = style(el.shadowRoot!.querySelector('form')!).backgroundColor;
      const input = field(el, 'birth');
      const inputBg = over(style(input).backgroundColor, box);
      const brand = part(el, 'brand');
      const status = part(el, 'status');
      const text: Array<[string, string, string]> = [
        ['brand', style(brand).color, over(style(brand).backgroundColor, inputBg)],
        ['status', style(status).color, over(style(status).backgroundColor, box)],
        ['hint', style(part(el, 'hint')).color, box],
        ['error', style(part(el, 'error')).color, box],
        ['placeholder', getComputedStyle(input, '::placeholder').color, inputBg],
        ['submit', style(part(el, 'submit')).color, style(part(el, 'submit')).backgroundColor],
      ];
      for (const [name, fg, bg] of text) {
        expect(contrast(fg, bg), `${theme} ${name}`).to.be.at.least(4.5);
      }
      // WCAG 1.4.11: the border is what shows where an unfocused input is.
      expect(contrast(style(input).borderTopColor, box), `${theme} border`).to.be.at.least(3);
      // and an invalid one is outlined in the error colour
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(style(input).borderTopColor).to.equal(style(part(el, 'error')).color);
    }
  });

  it('keeps a focus outline (transparent) that Windows high-contrast mode paints', async () => {
    // Forced colours drop box-shadow, the usual focus ring, but paint a transparent outline in
    // the system colour (checked by hand with Chromium's forced-colors emulation).
    const el = await form({ token: tokenFor({ mode: 'payment', amount: 9900 }) });
    field(el, 'expiry').focus();
    const s = getComputedStyle(field(el, 'expiry'));
    expect([s.outlineStyle, s.outlineWidth]).to.deep.equal(['solid', '2px']);
  });

  it('tells screen readers which fields are required: all but a corporate card password', async () => {
    const el = await form();
    const required = (): Array<string | null> =>
      (['card_number', 'expiry', 'pwd_2digit', 'birth'] as const).map((f) =>
        field(el, f).getAttribute('aria-required'),
      );
    expect(required()).to.deep.equal(['true', 'true', 'true', 'true']);
    el.corporate = true;
    await el.updateComplete;
    expect(required()).to.deep.equal(['true', 'true', 'false', 'true']);
  });

  it('passes axe: empty, with errors shown, and with an order summary in English', async () => {
    const el = await form({ token: tokenFor({ mode: 'payment', amount: 9900 }) });
    await expect(el).to.be.accessible();
    await el.submit();
    await el.updateComplete;
    await expect(el).to.be.accessible();
    const dark = await fixture<ImpCardForm>(
      html`<imp-card-form lang="en" theme="dark" corporate></imp-card-form>`,
    );
    await expect(dark).to.be.accessible();
  });
});
