import { LitElement, html, type PropertyValues } from 'lit';
import { detectIssuer, maskInput, type MaskKind } from '../card/index.ts';
import {
  CARD_FIELDS,
  checkField,
  detectBrand,
  isFieldComplete,
  toRegistrationRequest,
  type CardField,
  type FieldErrorCode,
  type RegistrationFailure,
} from '../contract/index.ts';
import { fillTemplate } from '../i18n/index.ts';
import {
  ImpCardChangeEvent,
  ImpCardFailureEvent,
  ImpCardSubmitEvent,
  ImpCardSuccessEvent,
  type ImpCardFieldState,
} from './imp-card-events.ts';
import { impCardFormStyles } from './imp-card-form.styles.ts';
import { FocusAdvanceController } from './focus-advance-controller.ts';
import { FormAssociationController } from './form-association-controller.ts';
import { LocalizeController } from './localize-controller.ts';
import { failureMessage, failureState, type FailureState } from './failure-state.ts';
import type { ImpCardAppearance } from '../contract/frame-settings.ts';
import type { ImpCardMessages } from './merge-messages.ts';
import { newIdempotencyKey } from './new-idempotency-key.ts';
import { readOrder, type OrderDisplay } from './read-order.ts';
import { postRegistration } from './post-registration.ts';
import { statusText } from './status-text.ts';
import type { SubmitState } from './submit-state.ts';

const EMPTY: Record<CardField, string> = { card_number: '', expiry: '', birth: '', pwd_2digit: '' };

/**
 * A Korean key-in card form: card number, expiry, date of birth (or business registration number)
 * and the first two password digits, masked and validated as the user types, and POSTed to
 * `endpoint` with the merchant's `token`.
 *
 * @tagname imp-card-form
 * @summary Card registration and key-in payment form for i'mport (PortOne V1).
 *
 * @attr theme - `light` (the default), `dark`, or `auto` to follow the OS (`prefers-color-scheme`).
 *
 * @slot header - Replaces the order summary read from the token.
 * @slot submit-label - The submit button's text.
 * @slot footer - Below the result, e.g. terms or a privacy note.
 *
 * @event {ImpCardChangeEvent} imp-card-change - A field changed: `{ field, brand, corporate, complete, fields }`, validity per field, never digits.
 * @event {ImpCardSubmitEvent} imp-card-submit - About to send `{ brand, corporate, mode }`; cancelable.
 * @event {ImpCardSuccessEvent} imp-card-success - The server's result (`RegistrationSuccess`, card numbers masked).
 * @event {ImpCardFailureEvent} imp-card-failure - `{ code, message, fields? }`; `code` is `NETWORK_ERROR` when the server was not reached, `MISCONFIGURED` when `token` or `endpoint` is missing (nothing is sent); in isolated mode the page-side host adds `FRAME_BLOCKED` when it cannot use the form's frame (docs/isolation.md); a frame that goes away mid-attempt rejects `submit()` with `FRAME_DETACHED` instead.
 *
 * @csspart form - The form box.
 * @csspart order - The order summary (name and amount from the token).
 * @csspart field - Each field's wrapper; also `field-<name>`.
 * @csspart label - Each field's label.
 * @csspart input - Each input; also `input-<name>`.
 * @csspart hint - Help text below an input.
 * @csspart error - Error text below an input.
 * @csspart brand - The detected card brand badge, with the Korean issuer when its prefix is known.
 * @csspart toggle - The corporate card switch.
 * @csspart submit - The submit button.
 * @csspart spinner - The progress indicator in the submit button.
 * @csspart status - The live region with the result.
 * @csspart retry - The retry button after a network error.
 *
 * @cssproperty --imp-card-accent - Button, focus and brand colour.
 * @cssproperty --imp-card-on-accent - Text on the accent colour.
 * @cssproperty --imp-card-color - Text colour.
 * @cssproperty --imp-card-muted-color - Hints, placeholders, secondary text.
 * @cssproperty --imp-card-background - The form's background.
 * @cssproperty --imp-card-field-background - Inputs' background.
 * @cssproperty --imp-card-border-color - Borders and dividers.
 * @cssproperty --imp-card-error-color - Errors and failures.
 * @cssproperty --imp-card-success-color - The success message.
 * @cssproperty --imp-card-radius - The form's corner radius.
 * @cssproperty --imp-card-field-radius - Inputs' and buttons' corner radius.
 * @cssproperty --imp-card-spacing - Space below each field.
 * @cssproperty --imp-card-font - Font family.
 * @cssproperty --imp-card-focus-ring - Box shadow of focused controls.
 */
export class ImpCardForm extends LitElement {
  static override styles = impCardFormStyles;
  static override shadowRootOptions: ShadowRootInit = {
    ...LitElement.shadowRootOptions,
    delegatesFocus: true,
  };
  /** Lets the element take part in a surrounding `<form>`'s validity and reset. */
  static formAssociated = true;
  static override properties = {
    lang: { reflect: true },
    endpoint: {},
    token: {},
    corporate: { type: Boolean, reflect: true },
    timeout: { type: Number },
    messages: { attribute: false },
    cardNumberLabel: { attribute: 'card-number-label' },
    expiryLabel: { attribute: 'expiry-label' },
    birthLabel: { attribute: 'birth-label' },
    passwordLabel: { attribute: 'password-label' },
    digits: { state: true },
    errors: { state: true },
    state: { state: true },
  };

  /**
   * `ko` or `en`: the language of every text. Unset, the nearest `lang` attribute of an ancestor
   * (the page's `<html lang>`) decides, then the browser's language; anything but English is Korean.
   */
  declare lang: string;
  /** URL the card is POSTed to (the server's `/v1/registrations`). */
  endpoint = '';
  /** The token from the merchant backend (who pays, how much); read here for display only. */
  token = '';
  /** Corporate card: the 10-digit business number instead of the birth date; password optional. */
  corporate = false;
  /** Request timeout in milliseconds. */
  timeout = 30000;
  /**
   * Overrides of any text, merged over the language's (any subset of the `Translation` tree). Set
   * a new object to change them: the merge is kept for as long as the object and language stay.
   */
  messages: ImpCardMessages = {};
  /**
   * Isolated mode's stand-in for `::part()`, carried into the frame by the element `imp-card.js`
   * defines on another origin. This inline form ignores it: style it with `::part()` directly.
   * Declared (no code) so that the tag's one type is right for both elements.
   */
  declare appearance?: ImpCardAppearance;
  /** Label of the card number input. */
  cardNumberLabel: string | undefined;
  /** Label of the expiry input. */
  expiryLabel: string | undefined;
  /** Label of the birth date / business number input. */
  birthLabel: string | undefined;
  /** Label of the password input. */
  passwordLabel: string | undefined;

  /** @internal */
  private digits = EMPTY;
  /** @internal */
  private errors: Partial<Record<CardField, FieldErrorCode | null>> = {};
  /** @internal */
  private state: SubmitState = { status: 'idle' };

  #l10n = new LocalizeController(this);
  #advance = new FocusAdvanceController(this);
  #form = new FormAssociationController(this, () => {
    const field = CARD_FIELDS.find((f) => this.#check(f));
    // The message names the problem only: card data never goes into the form's value or messages.
    return field
      ? [
          this.#l10n.t.fields[this.#kind(field)].errors[this.#check(field)!],
          this.#input(field) ?? undefined,
        ]
      : [''];
  });
  /** The displayed value of each input after the last edit: masking's "before". */
  #shown = { ...EMPTY };
  /** One key per attempt: kept for a retry of unchanged data, dropped when the data changes. */
  #key: string | undefined;
  #composing = false;
  #claims: OrderDisplay | null = null;

  #input(field: CardField): HTMLInputElement | null | undefined {
    return this.shadowRoot?.querySelector(`#${field}`);
  }

  #kind(field: CardField): MaskKind {
    return field === 'birth' && this.corporate ? 'business_number' : field;
  }

  #check(field: CardField, partial = false): FieldErrorCode | null {
    return checkField(field, this.digits[field], { partial, corporate: this.corporate });
  }

  /** Why the form would not pass (names the problem, never the value), or '' when it would. */
  get validationMessage(): string {
    return this.#form.validationMessage;
  }

  /** The form's validity, as a surrounding `<form>` sees it (as on a native control). */
  get validity(): ValidityState {
    return this.#form.internals.validity;
  }

  /** Whether the form would pass a surrounding `<form>`'s check; fires `invalid` when not. */
  checkValidity(): boolean {
    return this.#form.internals.checkValidity();
  }

  /**
   * As checkValidity(), and shows each field's error and focuses the first field in error, as
   * submit() does before it sends (here nothing is sent).
   */
  reportValidity(): boolean {
    void this.#validate();
    return this.checkValidity();
  }

  /** Moves focus to the card number input. */
  override focus(options?: FocusOptions): void {
    this.#input('card_number')?.focus(options);
  }

  /** Clears every field, error and result, and forgets the attempt's key. */
  reset(): void {
    for (const f of CARD_FIELDS) this.#setField(f);
    this.errors = {};
    this.state = { status: 'idle' };
    // Listeners that track `complete` must not keep the state of the card that was cleared.
    this.#emitChange('card_number');
  }

  /** Called when a surrounding `<fieldset>` or form is disabled or enabled. */
  formDisabledCallback(disabled: boolean): void {
    this.#form.setDisabled(disabled);
  }

  /** Called by a surrounding `<form>` when it is reset. */
  formResetCallback(): void {
    this.reset();
  }

  /**
   * Validates, fires `imp-card-submit` and, unless that was cancelled, sends the card. Resolves
   * once the server answered or was found unreachable; never rejects. The isolated element of
   * `imp-card.js` rejects with a `FrameDetachedError` (`code: 'FRAME_DETACHED'`) when its frame goes
   * away (removed, reloaded) before the attempt is over, whose outcome is then unknown.
   */
  async submit(): Promise<void> {
    // A success stands until reset() or a new token: pressing again neither sends nor blames fields.
    if (/^(submitting|success)$/.test(this.state.status) || this.#form.disabled) return;
    // A merchant's mistake, not the customer's: say so once in the console, and to the customer
    // only that the form cannot be used (the card is not sent anywhere).
    const missing = (['token', 'endpoint'] as const).filter((a) => !this[a].trim());
    if (missing[0]) {
      console.error(`<imp-card-form>: no ${missing.join(' or ')} attribute; nothing was sent.`);
      return this.#fail(failureState({ code: 'MISCONFIGURED', message: '' }, this.#l10n.t));
    }
    const shown = this.#validate();
    if (shown) return shown;
    const submitEvent = new ImpCardSubmitEvent({
      brand: detectBrand(this.digits.card_number).brand,
      corporate: this.corporate,
      mode: this.#claims?.mode ?? null,
    });
    if (!this.dispatchEvent(submitEvent)) return;
    // The retry button goes away while pending; keep the keyboard focus in the form, on the busy
    // submit button (aria-disabled rather than disabled, which would also drop focus to <body>).
    if (this.shadowRoot?.activeElement?.matches('.retry')) {
      this.renderRoot.querySelector<HTMLElement>('[part=submit]')?.focus();
    }
    this.state = { status: 'submitting' };
    const outcome = await postRegistration(
      this.endpoint,
      toRegistrationRequest(this.token, this.digits),
      (this.#key ??= newIdempotencyKey()),
      this.timeout,
    );
    const t = this.#l10n.t;
    if (outcome.status === 'success') {
      // Card data is only in flight: nothing sensitive stays on screen after success.
      for (const f of ['card_number', 'birth', 'pwd_2digit'] as const) this.#setField(f);
      this.#emitChange('card_number');
      this.state = outcome;
      this.dispatchEvent(new ImpCardSuccessEvent(outcome.result));
    } else if (outcome.status === 'network-error') {
      this.state = outcome;
      const message = t.errors.NETWORK_ERROR;
      this.dispatchEvent(new ImpCardFailureEvent({ code: 'NETWORK_ERROR', message }));
    } else {
      const failure = failureState(outcome, t);
      // A definite refusal ends the attempt; sending the same data again is a new one.
      if (!failure.retryable) this.#key = undefined;
      this.#fail(failure, outcome.fields);
    }
  }

  /**
   * Shows every field's error, focuses the first and says how many (settled once said), or
   * returns nothing when there is none. Synchronous then: a second click finds the attempt started.
   */
  #validate(): Promise<void> | undefined {
    const errors: typeof this.errors = {};
    for (const f of CARD_FIELDS) errors[f] = this.#check(f);
    this.errors = errors;
    const invalid = CARD_FIELDS.filter((f) => errors[f]);
    if (!invalid[0]) return;
    this.#input(invalid[0])?.focus();
    return (async () => {
      // The same text again would not change the live region, and screen readers would stay
      // silent: clear it for one render first.
      if (this.state.status === 'invalid') {
        this.state = { status: 'idle' };
        await this.updateComplete;
      }
      this.state = { status: 'invalid', count: invalid.length };
    })();
  }

  /** Shows a refusal, with the server's codes on their fields, and tells the page. */
  #fail(failure: FailureState, fields?: RegistrationFailure['fields']): void {
    const { code, reason } = (this.state = failure);
    for (const f of CARD_FIELDS) {
      const first = fields?.[f]?.[0];
      if (first) this.errors = { ...this.errors, [f]: first };
    }
    this.dispatchEvent(
      new ImpCardFailureEvent({
        code,
        message: failureMessage(failure, this.#l10n.t),
        ...(fields && { fields }),
        ...(reason && { reason }),
      }),
    );
  }

  #setField(field: CardField, value = ''): void {
    const el = this.#input(field);
    // reset() may run before the first render, when there are no inputs yet.
    if (el) el.value = value;
    this.#shown[field] = value;
    this.digits = { ...this.digits, [field]: value };
    this.#key = undefined;
  }

  #onInput(e: InputEvent): void {
    // Mid-composition the IME owns the text: reformatting now would garble it (see onComposition).
    // Autofill and password managers fire a plain Event: no inputType, which maskInput allows for.
    if (!e.isComposing && !this.#composing)
      this.#apply(e.target as HTMLInputElement, e.inputType, e.data);
  }

  #onComposition(e: CompositionEvent): void {
    this.#composing = e.type === 'compositionstart';
    if (!this.#composing)
      this.#apply(e.target as HTMLInputElement, 'insertCompositionText', e.data);
  }

  /** Masks the input's new value, restores the caret, then updates validity, events and focus. */
  #apply(el: HTMLInputElement, inputType: string | undefined, data?: string | null): void {
    const field = el.name as CardField;
    if (!CARD_FIELDS.includes(field)) return;
    const r = maskInput(this.#kind(field), {
      previous: this.#shown[field],
      value: el.value,
      caret: el.selectionStart ?? el.value.length,
      inputType,
      data,
    });
    el.value = this.#shown[field] = r.value;
    this.#advance.cancel();
    // document.activeElement is this host, not the input: only the shadow root knows.
    const focused = this.shadowRoot!.activeElement === el;
    if (focused) el.setSelectionRange(r.caret, r.caret);
    if (r.digits === this.digits[field]) return this.#advance.typedOver();
    const grew = r.digits.length > this.digits[field].length;
    this.#key = undefined;
    this.digits = { ...this.digits, [field]: r.digits };
    // An error stays visible only while the value could not become valid by typing on.
    if (this.errors[field]) this.errors = { ...this.errors, [field]: this.#check(field, true) };
    this.#emitChange(field);
    if (focused) this.#advance.edited(el, r.digits, grew, inputType);
  }

  #onBlur(e: FocusEvent): void {
    // The window lost focus (another app, a tab with the card details): the user has not left.
    if (this.shadowRoot?.activeElement === e.target) return;
    const field = (e.target as HTMLInputElement).name as CardField;
    // A field left empty is not an error yet: that waits for submit.
    if (this.digits[field]) this.errors = { ...this.errors, [field]: this.#check(field) };
  }

  #emitChange(field: CardField): void {
    const fields = {} as Record<CardField, ImpCardFieldState>;
    for (const f of CARD_FIELDS) {
      fields[f] = {
        complete: isFieldComplete(f, this.digits[f], { corporate: this.corporate }),
        valid: !this.#check(f, true),
        error: this.#check(f),
      };
    }
    this.dispatchEvent(
      new ImpCardChangeEvent({
        field,
        brand: detectBrand(this.digits.card_number).brand,
        corporate: this.corporate,
        complete: CARD_FIELDS.every((f) => !fields[f].error),
        fields,
      }),
    );
  }

  #onToggle(e: Event): void {
    this.corporate = (e.target as HTMLInputElement).checked;
  }

  #onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    void this.submit();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('token')) this.#claims = readOrder(this.token);
    // A new token is a new attempt: the last one's success no longer stands; and once the missing
    // token or endpoint arrives, the form is available again.
    const s = this.state;
    if (
      (changed.has('token') && s.status === 'success') ||
      ((changed.has('token') || changed.has('endpoint')) &&
        s.status === 'failure' &&
        s.code === 'MISCONFIGURED')
    ) {
      this.state = { status: 'idle' };
    }
    // `corporate` changed after the first render (the switch, or the page setting it): the birth
    // input changes meaning, and what was typed belongs to the other kind of number.
    if (changed.has('corporate') && changed.get('corporate') !== undefined) {
      this.#setField('birth');
      this.errors = { ...this.errors, birth: null, pwd_2digit: null };
      this.#emitChange('birth');
    }
  }

  protected override render(): unknown {
    const t = this.#l10n.t;
    const s = this.state;
    // While pending the inputs are read-only: what is on screen is what was sent, and a retry
    // after a network error sends exactly that again under the same Idempotency-Key.
    const busy = s.status === 'submitting';
    const claims = this.#claims;
    const number = this.digits.card_number;
    const brand = detectBrand(number).brand;
    const issuer = detectIssuer(number);
    // The Korean issuer beside the brand ('신한 VISA'); a domestic-only card by its issuer alone.
    const badge =
      issuer && brand === 'unknown'
        ? t.issuers[issuer]
        : `${issuer ? `${t.issuers[issuer]} ` : ''}${brand !== 'unknown' || number.length > 5 ? t.brands[brand] : ''}`;
    // Two forms on one page need two landmark names.
    const peers = [...(this.getRootNode() as ParentNode).querySelectorAll(this.localName)];
    const nth = peers.indexOf(this) + 1;
    const labels: Record<CardField, string | undefined> = {
      card_number: this.cardNumberLabel,
      expiry: this.expiryLabel,
      birth: this.birthLabel,
      pwd_2digit: this.passwordLabel,
    };
    const ok = s.status === 'success' ? 'ok' : '';
    const label = busy ? t.processing : t.submit[claims?.mode ?? 'billing_key'];
    const retry =
      s.status === 'network-error' || (s.status === 'failure' && s.retryable)
        ? html`<button class="retry" part="retry" type="button" @click=${this.submit}>
            ${t.retry}
          </button>`
        : '';
    const amount = claims?.amount
      ? fillTemplate(t.amount, { amount: claims.amount.toLocaleString('ko-KR') })
      : '';
    const order = claims
      ? html`<div class="order" part="order">
          <span>${claims.name ?? t.submit[claims.mode]}</span><b>${amount}</b>
        </div>`
      : '';
    // The texts' language, whatever the page's: screen readers pick the voice from it.
    return html`<form
      part="form"
      lang=${t.lang}
      aria-label=${nth > 1 ? `${t.formLabel} ${nth}` : t.formLabel}
      novalidate
      @submit=${this.#onSubmit}
      @input=${this.#onInput}
      @focusout=${this.#onBlur}
      @keydown=${this.#advance.keydown}
      @compositionstart=${this.#onComposition}
      @compositionend=${this.#onComposition}
    >
      <slot name="header" class="w">${order}</slot>
      ${CARD_FIELDS.map((f) => {
        const text = t.fields[this.#kind(f)];
        const code = this.errors[f];
        return html`<div class="f ${f}" part="field field-${f}">
          <div class="row">
            <label part="label" for=${f}
              >${labels[f] || text.label}${f === 'pwd_2digit' && this.corporate ? ` ${t.optional}` : ''}</label
            >${
              f === 'card_number'
                ? html`<span class="brand" part="brand" aria-live="polite">${badge}</span>`
                : f === 'birth'
                  ? html`<label class="toggle" part="toggle"
                      ><input
                        type="checkbox"
                        role="switch"
                        ?disabled=${busy || this.#form.disabled}
                        .checked=${this.corporate}
                        @change=${this.#onToggle}
                      />${t.corporate}</label
                    >`
                  : ''
            }
          </div>
          <div class="box">
            <input
              part="input input-${f}"
              id=${f}
              name=${f}
              type=${f === 'pwd_2digit' ? 'password' : 'text'}
              inputmode="numeric"
              dir="ltr"
              ?readonly=${busy}
              ?disabled=${this.#form.disabled}
              autocomplete=${f === 'card_number' ? 'cc-number' : f === 'expiry' ? 'cc-exp' : 'off'}
              placeholder=${text.placeholder}
              aria-invalid=${!!code}
              aria-required=${f !== 'pwd_2digit' || !this.corporate}
              aria-describedby="${f}-hint ${f}-error"
            />${
              // An expression, not template text: the bundle stays ASCII-only (see vite.config.ts).
              f === 'pwd_2digit'
                ? html`<span class="dots" aria-hidden="true">${'\u2022\u2022'}</span>`
                : ''
            }
          </div>
          <p class="hint" part="hint" id="${f}-hint">${text.hint}</p>
          <p class="error" part="error" id="${f}-error">${code ? text.errors[code] : ''}</p>
        </div>`;
      })}
      <div class="w">
        <button
          part="submit"
          aria-disabled=${busy}
          aria-busy=${busy}
          ?disabled=${this.#form.disabled}
        >
          ${busy ? html`<span class="spinner" part="spinner"></span>` : ''}
          <slot name="submit-label">${label}</slot>
        </button>
        <div class="status ${ok}" part="status" role="status">${statusText(s, t)}</div>
        ${retry}
      </div>
      <slot name="footer" class="w"></slot>
    </form>`;
  }
}
