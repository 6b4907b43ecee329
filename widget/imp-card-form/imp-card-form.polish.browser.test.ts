/* eslint-disable @typescript-eslint/no-floating-promises -- @open-wc/testing types chai's Assertion as thenable (for its async a11y/snapshot checks); plain assertions are synchronous. */
// Issue 11: long cards, pasted and autofilled dates, the page's language and theme, merchant
// mistakes, the state after success, the details, and Korean issuers.
import { expect, oneEvent } from '@open-wc/testing';
import { en, ko } from '../i18n/index.ts';
import type { ImpCardFailureEvent, ImpCardSuccessEvent } from './imp-card-events.ts';
import type { ImpCardForm } from './imp-card-form.ts';
import { field, fillValid, focused, form, part, paste, tokenFor, type } from './test-helpers.ts';

/** Longer than the form's typing pause (PAUSE_MS): enough for a finished number to move on. */
const pause = (): Promise<void> => new Promise((r) => setTimeout(r, 1500));

describe('<imp-card-form> long card numbers', () => {
  // Each of these passes Luhn at 16 (Diners at 14) digits as well as at its full length.
  const long = {
    unionpay: ['6212340000000001002', '6212 3400 0000 0001 002'],
    visa: ['4242424242424242006', '4242 4242 4242 4242 006'],
    jcb: ['3530111333300000001', '3530 1113 3330 0000 001'],
    diners: ['3056930902590404', '3056 9309 0259 0404'],
  };

  for (const [brand, [digits, shown]] of Object.entries(long)) {
    it(`keeps every typed digit of a long ${brand} number in the card field`, async () => {
      const el = await form();
      await type(el, 'card_number', digits!);
      expect(field(el, 'card_number').value).to.equal(shown);
      expect(field(el, 'expiry').value).to.equal('');
    });
  }

  it('moves on at once at the brand’s longest length, and after a pause at a shorter valid one', async () => {
    const el = await form();
    await type(el, 'card_number', long.unionpay[0]!);
    expect(focused(el)).to.equal('expiry');

    const visa = await form();
    await type(visa, 'card_number', '4242424242424242');
    expect(focused(visa)).to.equal('card_number'); // a 19-digit Visa is still possible
    await pause();
    expect(focused(visa)).to.equal('expiry');
    expect(field(visa, 'card_number').value).to.equal('4242 4242 4242 4242');
  });

  it('does not move on after the pause when the customer went elsewhere', async () => {
    const el = await form();
    await type(el, 'card_number', '4242424242424242');
    field(el, 'birth').focus();
    await pause();
    expect(focused(el)).to.equal('birth');
  });

  it('a pasted 16-digit Visa is whole: focus moves on at once', async () => {
    const el = await form();
    await paste(el, 'card_number', '4242 4242 4242 4242');
    expect(focused(el)).to.equal('expiry');
  });
});

describe('<imp-card-form> pasted and autofilled dates', () => {
  for (const text of ['2029-12', '12/2029', '1229', '2029-12-31']) {
    it(`reads a pasted expiry ${text} as 12/29`, async () => {
      const el = await form();
      await paste(el, 'expiry', text);
      expect(field(el, 'expiry').value).to.equal('12/29');
    });
  }

  for (const text of ['1990-01-01', '1990.01.01', '900101', '19900101']) {
    it(`reads a pasted birth date ${text} as 900101`, async () => {
      const el = await form();
      await paste(el, 'birth', text);
      expect(field(el, 'birth').value).to.equal('900101');
    });
  }

  it('autofill writing 1229 over 12/29 keeps 12/29', async () => {
    const el = await form();
    await type(el, 'expiry', '1229');
    const input = field(el, 'expiry');
    input.value = '1229';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await el.updateComplete;
    expect(input.value).to.equal('12/29');
  });
});

/** Runs `fn` with fetch and console.error recorded; both are restored afterwards. */
async function recording(
  fn: () => Promise<void>,
): Promise<{ fetched: unknown[]; errors: unknown[][] }> {
  const fetched: unknown[] = [];
  const errors: unknown[][] = [];
  const realFetch = window.fetch;
  const realError = console.error;
  window.fetch = (...args: Parameters<typeof fetch>) => (fetched.push(args[0]), realFetch(...args));
  console.error = (...args: unknown[]) => void errors.push(args);
  try {
    await fn();
  } finally {
    window.fetch = realFetch;
    console.error = realError;
  }
  return { fetched, errors };
}

describe('<imp-card-form> a merchant mistake: no token or no endpoint', () => {
  for (const missing of ['token', 'endpoint']) {
    it(`without the ${missing} it sends nothing, fires MISCONFIGURED and logs one error naming it`, async () => {
      const el = await form({ [missing]: '', lang: 'en' });
      await fillValid(el);
      let failure: ImpCardFailureEvent | undefined;
      const { fetched, errors } = await recording(async () => {
        setTimeout(() => void el.submit());
        failure = await oneEvent<ImpCardFailureEvent>(el, 'imp-card-failure');
        await el.updateComplete;
      });
      expect(fetched).to.deep.equal([]);
      expect(failure!.detail).to.deep.equal({
        code: 'MISCONFIGURED',
        message: en.errors.MISCONFIGURED,
      });
      expect(errors).to.have.length(1);
      expect(String(errors[0]![0])).to.contain(missing);
      // The customer sees a neutral message, not a blame on their card details.
      expect(part(el, 'status').textContent).to.equal(en.errors.MISCONFIGURED);
      for (const f of ['card_number', 'expiry', 'birth', 'pwd_2digit'] as const) {
        expect(field(el, f).getAttribute('aria-invalid')).to.equal('false');
      }
      expect(el.shadowRoot!.querySelector('.retry')).to.equal(null);
    });
  }

  it('says so even before the customer fixed any field, in the page language', async () => {
    const el = await form({ token: '', lang: 'ko' });
    const { errors } = await recording(() => el.submit());
    await el.updateComplete;
    expect(part(el, 'status').textContent).to.equal(ko.errors.MISCONFIGURED);
    expect(errors).to.have.length(1);
  });
});

describe('<imp-card-form> after a success', () => {
  async function succeeded(): Promise<ImpCardForm> {
    const el = await form({ lang: 'en', token: tokenFor({ mode: 'billing_key' }) });
    await fillValid(el);
    setTimeout(() => void el.submit());
    await oneEvent<ImpCardSuccessEvent>(el, 'imp-card-success');
    await el.updateComplete;
    return el;
  }

  it('submitting again keeps the success: no request, no field errors', async () => {
    const el = await succeeded();
    const { fetched } = await recording(async () => {
      part(el, 'submit').click();
      await el.submit();
      await el.updateComplete;
    });
    expect(fetched).to.deep.equal([]);
    expect(part(el, 'status').textContent).to.equal(en.success.billing_key);
    expect(field(el, 'card_number').getAttribute('aria-invalid')).to.equal('false');
    expect(el.shadowRoot!.querySelector('.error')!.textContent).to.equal('');
  });

  it('reset() or a new token ends the success state', async () => {
    const el = await succeeded();
    el.reset();
    await el.updateComplete;
    expect(part(el, 'status').textContent).to.equal('');

    const again = await succeeded();
    again.token = tokenFor({ mode: 'payment', amount: 1000 });
    await again.updateComplete;
    expect(part(again, 'status').textContent).to.equal('');
    await again.submit();
    await again.updateComplete;
    expect(part(again, 'status').textContent).to.equal(en.fixFields.replace('{count}', '3'));
  });
});
