import {
  FORWARDED_ATTRIBUTES,
  FRAME_READY,
  THEME_PROPERTIES,
  isFrameEnvelope,
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

/** The inline form's element inside a host with `isolation="none"`: its methods and state. */
type InlineForm = HTMLElement & {
  messages: ImpCardMessagesTree;
  updateComplete: Promise<boolean>;
  validationMessage: string;
  formDisabledCallback(disabled: boolean): void;
  submit(): Promise<void>;
  reset(): void;
};

let inlineLoaded: Promise<void> | undefined;

/** Loads `imp-card-inline.js` once and registers its form as `<imp-card-inline>`. */
function loadInline(base: URL): Promise<void> {
  return (inlineLoaded ??= new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = new URL('imp-card-inline.js', base).href;
    script.onload = () => resolve();
    script.onerror = reject;
    document.head.append(script);
  }).then(() => {
    const { ImpCardForm } = (window as unknown as { ImpCard: { ImpCardForm: typeof HTMLElement } })
      .ImpCard;
    if (!customElements.get('imp-card-inline'))
      customElements.define('imp-card-inline', class extends ImpCardForm {});
  }));
}

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
    #inline: InlineForm | undefined;

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
      if (this.#frame.isConnected || this.#inline) return;
      if (this.getAttribute('isolation') === 'none') {
        void this.#goInline();
        return;
      }
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
      if (!this.#inline) this.#frame.focus(options);
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

    /** `isolation="none"`: the inline form inside this element; its events cross the shadow root. */
    async #goInline(): Promise<void> {
      await loadInline(base);
      const inline = document.createElement('imp-card-inline') as InlineForm;
      inline.setAttribute(
        'endpoint',
        this.getAttribute('endpoint') || `${base.href}v1/registrations`,
      );
      inline.setAttribute(
        'exportparts',
        'form,order,field,label,input,hint,error,brand,toggle,submit,spinner,status,retry',
      );
      for (const name of ['header', 'submit-label', 'footer']) {
        const slot = inline.appendChild(document.createElement('slot'));
        slot.name = slot.slot = name;
      }
      inline.addEventListener('imp-card-change', () => void this.#inlineValidity());
      this.#inline = inline;
      this.shadowRoot!.append(inline);
      this.#send();
    }

    async #inlineValidity(): Promise<void> {
      const inline = this.#inline!;
      await inline.updateComplete;
      const message = inline.validationMessage;
      this.#internals.setValidity(message ? { customError: true } : {}, message, inline);
    }

    #title(): void {
      this.#frame.title =
        (this.#messages.formLabel as string | undefined) ??
        (english(this.getAttribute('lang')) ? 'Card details' : '카드 정보 입력');
    }

    #onReady = (e: MessageEvent): void => {
      if (e.source !== this.#frame.contentWindow || e.origin !== origin) return;
      if ((e.data as { type?: unknown } | null)?.type !== FRAME_READY) return;
      clearTimeout(this.#timer);
      this.#port?.close();
      const { port1, port2 } = new MessageChannel();
      this.#port = port1;
      port1.onmessage = (m: MessageEvent) => this.#receive(m.data);
      this.#frame.contentWindow!.postMessage({ type: 'impcard:connect' }, origin, [port2]);
      this.#send();
    };

    #unavailable(): void {
      const message = `impcard: no answer from ${src}: is ${location.origin} in IMPCARD_ALLOWED_ORIGINS? See docs/isolation.md`;
      console.error(message);
      this.dispatchEvent(new HostEvent('imp-card-failure', { code: 'NETWORK_ERROR', message }));
    }

    #post(message: HostMessage): void {
      this.#port?.postMessage(message);
    }

    #send(): void {
      const attributes: FrameSettings['attributes'] = {};
      for (const name of FORWARDED_ATTRIBUTES) attributes[name] = this.getAttribute(name);
      const inline = this.#inline;
      if (inline) {
        for (const [name, value] of Object.entries(attributes)) {
          if (value === null) inline.removeAttribute(name);
          else inline.setAttribute(name, value);
        }
        inline.messages = this.#messages;
        inline.formDisabledCallback(this.#disabled);
        void this.#inlineValidity();
        return;
      }
      if (!this.#port) return;
      // The frame's document has no ancestors: it gets the nearest lang (else the browser's).
      attributes.lang = this.closest('[lang]')?.getAttribute('lang') ?? null;
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
      if (this.#inline) return Promise.resolve(this.#inline[method]());
      if (!this.#port) return Promise.resolve();
      const id = ++this.#id;
      return new Promise((resolve) => {
        this.#calls.set(id, resolve);
        this.#post({ type: 'call', id, method });
      });
    }

    #receive(m: unknown): void {
      if (!isFrameEnvelope(m)) return;
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
