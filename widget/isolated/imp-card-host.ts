import * as v from 'valibot';
import {
  FORWARDED_ATTRIBUTES,
  FrameEnvelopeSchema,
  FrameReadySchema,
  THEME_PROPERTIES,
} from '../contract/frame-messages.ts';
import type {
  FrameSettings,
  HostMessage,
  ImpCardAppearance,
  ImpCardMessagesTree,
} from '../contract/frame-settings.ts';

/** The host's events: the frame's, re-dispatched on the page with the same type and detail. */
class HostEvent<T> extends Event {
  constructor(
    type: string,
    readonly detail: T,
    cancelable = false,
  ) {
    super(type, { bubbles: true, composed: true, cancelable });
  }
}

const sheet = new CSSStyleSheet();
// color-scheme normal on both sides keeps the frame transparent over the page's background.
sheet.replaceSync(
  ':host{display:block}iframe{display:block;width:100%;height:0;border:0;color-scheme:normal}',
);

const english = (lang: string | null): boolean => /^en(?![a-z])/i.test(lang ?? '');

/** How long a loaded frame may stay silent before the page is told it cannot be used. */
const READY_TIMEOUT_MS = 5000;

/**
 * Makes the isolated `<imp-card-form>` for an impcard server at `base` (the folder of
 * `imp-card.js`). The element on the page holds no card field: it renders an `<iframe>` of
 * `${base}frame`, where the real form runs, and talks to it over its own `MessageChannel`.
 */
export function defineHost(base: URL): typeof HTMLElement {
  const origin = base.origin;
  const src = new URL(`frame?origin=${encodeURIComponent(location.origin)}`, base).href;

  return class ImpCardHost extends HTMLElement {
    static formAssociated = true;
    static observedAttributes = [...FORWARDED_ATTRIBUTES, 'style', 'class'];

    #internals = this.attachInternals();
    #frame = document.createElement('iframe');
    #port: MessagePort | undefined;
    #calls = new Map<number, () => void>();
    #id = 0;
    #messages: ImpCardMessagesTree = {};
    #appearance: ImpCardAppearance = {};
    #disabled = false;
    #timer = 0;

    constructor() {
      super();
      const root = this.attachShadow({ mode: 'open', delegatesFocus: true });
      root.adoptedStyleSheets = [sheet];
    }

    /** The token from the merchant backend; sent to the frame by message, never in a URL. */
    get token(): string {
      return this.getAttribute('token') ?? '';
    }
    set token(value: string) {
      this.setAttribute('token', value);
    }

    /** Corporate card mode (business number instead of birth date). */
    get corporate(): boolean {
      return this.hasAttribute('corporate');
    }
    set corporate(value: boolean) {
      this.toggleAttribute('corporate', value);
    }

    /** Overrides of any text, as on the inline form. */
    get messages(): ImpCardMessagesTree {
      return this.#messages;
    }
    set messages(value: ImpCardMessagesTree) {
      this.#messages = value ?? {};
      this.#send();
    }

    /** What `::part()` does inline, across the frame: see docs/isolation.md. */
    get appearance(): ImpCardAppearance {
      return this.#appearance;
    }
    set appearance(value: ImpCardAppearance) {
      this.#appearance = value ?? {};
      this.#send();
    }

    connectedCallback(): void {
      if (this.#frame.isConnected) return;
      // Empty until the frame says otherwise: a surrounding form cannot be submitted without a card.
      if (!this.#port) {
        this.#internals.setValidity(
          { valueMissing: true },
          english(this.getAttribute('lang'))
            ? 'Enter your card details.'
            : '카드 정보를 입력하세요.',
        );
      }
      const frame = this.#frame;
      frame.src = src;
      frame.addEventListener('load', () => {
        // A frame that loads but never says "ready" was refused (CSP frame-ancestors: this page's
        // origin is not in IMPCARD_ALLOWED_ORIGINS) or is not an impcard frame.
        clearTimeout(this.#timer);
        this.#timer = window.setTimeout(() => this.#unavailable(), READY_TIMEOUT_MS);
      });
      addEventListener('message', this.#onReady);
      this.shadowRoot!.append(frame);
      this.#title();
    }

    disconnectedCallback(): void {
      // Re-inserting the iframe reloads it: the new document connects again with a new channel.
      removeEventListener('message', this.#onReady);
      this.#frame.remove();
      this.#port?.close();
      this.#port = undefined;
      clearTimeout(this.#timer);
    }

    attributeChangedCallback(): void {
      this.#title();
      this.#send();
    }

    /** Validates and sends the card (in the frame); resolves once the attempt is over. */
    submit(): Promise<void> {
      return this.#call('submit');
    }

    /** Clears every field, error and result. */
    reset(): void {
      void this.#call('reset');
    }

    /** Moves focus to the card number input, inside the frame. */
    override focus(options?: FocusOptions): void {
      this.#frame.focus(options);
      void this.#call('focus');
    }

    /** The form's validity, for a surrounding `<form>`. */
    get validity(): ValidityState {
      return this.#internals.validity;
    }
    get validationMessage(): string {
      return this.#internals.validationMessage;
    }
    checkValidity(): boolean {
      return this.#internals.checkValidity();
    }
    reportValidity(): boolean {
      return this.#internals.reportValidity();
    }

    formDisabledCallback(disabled: boolean): void {
      this.#disabled = disabled;
      this.#send();
    }

    formResetCallback(): void {
      this.reset();
    }

    #title(): void {
      this.#frame.title =
        (this.#messages.formLabel as string | undefined) ??
        (english(this.getAttribute('lang')) ? 'Card details' : '카드 정보 입력');
    }

    #onReady = (e: MessageEvent): void => {
      if (e.source !== this.#frame.contentWindow || e.origin !== origin) return;
      if (!v.is(FrameReadySchema, e.data)) return;
      clearTimeout(this.#timer);
      this.#port?.close();
      const { port1, port2 } = new MessageChannel();
      this.#port = port1;
      port1.onmessage = (m: MessageEvent) => this.#receive(m.data);
      this.#frame.contentWindow!.postMessage({ type: 'impcard:connect' }, origin, [port2]);
      this.#send();
    };

    #unavailable(): void {
      const message = `impcard: the card frame ${src} did not answer. Is ${location.origin} in the server's IMPCARD_ALLOWED_ORIGINS? See docs/isolation.md.`;
      console.error(message);
      this.dispatchEvent(new HostEvent('imp-card-failure', { code: 'NETWORK_ERROR', message }));
    }

    #post(message: HostMessage): void {
      this.#port?.postMessage(message);
    }

    #send(): void {
      if (!this.#port) return;
      const attributes: FrameSettings['attributes'] = {};
      for (const name of FORWARDED_ATTRIBUTES) attributes[name] = this.getAttribute(name);
      const style = getComputedStyle(this);
      const theme: FrameSettings['theme'] = {};
      for (const name of THEME_PROPERTIES) {
        const value = style.getPropertyValue(name).trim();
        if (value) theme[name] = value;
      }
      this.#post({
        type: 'settings',
        attributes,
        messages: this.#messages,
        theme,
        appearance: this.#appearance,
        disabled: this.#disabled,
      });
    }

    #call(method: 'submit' | 'reset' | 'focus'): Promise<void> {
      if (!this.#port) return Promise.resolve();
      const id = ++this.#id;
      return new Promise((resolve) => {
        this.#calls.set(id, resolve);
        this.#post({ type: 'call', id, method });
      });
    }

    #receive(data: unknown): void {
      const parsed = v.safeParse(FrameEnvelopeSchema, data);
      if (!parsed.success) return;
      const m = parsed.output;
      if (m.type === 'resize') this.#frame.style.height = `${m.height}px`;
      else if (m.type === 'validity') {
        this.#internals.setValidity(m.message ? { customError: true } : {}, m.message, this.#frame);
      } else if (m.type === 'done') {
        this.#calls.get(m.id)?.();
        this.#calls.delete(m.id);
      } else if (m.type === 'submit') {
        const proceed = this.dispatchEvent(new HostEvent('imp-card-submit', m.detail, true));
        this.#post({ type: 'verdict', proceed });
      } else {
        this.dispatchEvent(new HostEvent(`imp-card-${m.type}`, m.detail));
      }
    }
  };
}
