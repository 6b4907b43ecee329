import { FrameDetachedError } from '../contract/frame-detached-error.ts';
import {
  FORWARDED_ATTRIBUTES,
  FRAME_CONNECT,
  FRAME_READY,
  FRAME_REFUSED,
  THEME_PROPERTIES,
  isFrameEnvelope,
} from '../contract/frame-messages.ts';
import type {
  FrameSettings,
  HostMessage,
  ImpCardAppearance,
  ImpCardMessagesTree,
} from '../contract/frame-settings.ts';
import { langOf } from '../imp-card-form/lang-of.ts';
import { HOST_TEXTS, type HostTranslation } from './host-texts.ts';
import { INLINE_FILE } from './inline-file.ts';

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
// color-scheme normal on both sides keeps the frame transparent over the page's background. The
// notice of a frame that cannot be used looks like the form's box (imp-card-form.styles.ts), in
// its theme.
sheet.replaceSync(
  ':host{display:block}:host([theme=dark]){color-scheme:dark}' +
    ':host([theme=auto]){color-scheme:light dark}[hidden]{display:none}' +
    'iframe{display:block;width:100%;height:0;border:0;color-scheme:normal}' +
    '[part=unavailable]{margin:0;padding:24px;word-break:keep-all;' +
    'border:1px solid var(--imp-card-border-color,light-dark(#d3d8e0,#363b47));' +
    'border-radius:var(--imp-card-radius,14px);box-shadow:0 12px 32px -14px #0003;' +
    'background:var(--imp-card-background,light-dark(#fff,#15171d));' +
    'color:var(--imp-card-color,light-dark(#161b26,#e8ebf1));' +
    'font:15px/1.45 var(--imp-card-font,system-ui,sans-serif)}',
);

/**
 * How long the frame may take to load before the customer is told it cannot be used. A frame that
 * answers later still replaces the notice: this is the wait for a server that does not answer.
 */
const LOAD_TIMEOUT_MS = 8000;

/**
 * How long a loaded frame may stay silent. Its scripts ran before its `load`, so a frame still
 * silent is not impcard's form: an error page (server down, the page's CSP), a proxy's page.
 */
const READY_TIMEOUT_MS = 3000;

/** The inline form's element inside a host with `isolation="none"`: its methods and state. */
type InlineForm = HTMLElement & {
  messages: ImpCardMessagesTree;
  updateComplete: Promise<boolean>;
  validationMessage: string;
  formDisabledCallback(disabled: boolean): void;
  submit(): Promise<void>;
  reset(): void;
  reportValidity(): boolean;
};

let inlineLoaded: Promise<void> | undefined;

// Taken once, when this script runs: a page script that comes later and replaces them cannot see
// the frame's nonce or window (docs/isolation.md, "Threat model").
const windowOf = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow')!
  .get! as (this: HTMLIFrameElement) => Window | null;
const random = crypto.getRandomValues.bind(crypto);

/** Loads `imp-card-inline.js` once and registers its form as `<imp-card-inline>`. */
function loadInline(base: URL): Promise<void> {
  return (inlineLoaded ??= new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = new URL(INLINE_FILE, base).href;
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
    /** Method calls the frame has not answered yet, each settled with nothing or why not. */
    #calls = new Map<number, (error?: FrameDetachedError) => void>();
    #id = 0;
    #messages: ImpCardMessagesTree = {};
    #appearance: ImpCardAppearance = {};
    #disabled = false;
    #timer = 0;
    #notice: HTMLElement | undefined;
    #inline: InlineForm | undefined;
    /** The frame has answered over the channel: it accepted this host's nonce. */
    #live = false;
    /**
     * The frame's proof that a connect comes from this host. It travels in the fragment of a
     * navigation this host starts (never in the iframe's `src`, which page scripts can read), and
     * the frame accepts one connect, with it.
     */
    #nonce = Array.from(random(new Uint32Array(4)), (n) => n.toString(36)).join('');

    constructor() {
      super();
      const root = this.attachShadow({ mode: 'open', delegatesFocus: true });
      root.adoptedStyleSheets = [sheet];
      // A surrounding form's submit found the card invalid and the browser moved focus to the frame
      // (the validation anchor; Firefox fires no `focus` on it): the frame shows the errors and
      // focuses the first field in error, as inline. A bare checkValidity() fires `invalid` too,
      // but moves no focus: no report then.
      this.addEventListener('invalid', () => {
        const was = root.activeElement;
        setTimeout(() => {
          if (was !== this.#frame && root.activeElement === this.#frame)
            void this.#call('reportValidity');
        });
      });
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
      if (!this.#port) this.#internals.setValidity({ valueMissing: true }, this.#t().empty);
      const frame = this.#frame;
      this.#wait(LOAD_TIMEOUT_MS);
      addEventListener('message', this.#onMessage);
      document.addEventListener('securitypolicyviolation', this.#onViolation);
      this.shadowRoot!.append(frame);
      // Set after the empty document's own load, which the append fires.
      frame.onload = () => this.#wait(READY_TIMEOUT_MS);
      windowOf.call(frame)!.location.replace(`${src}#n=${this.#nonce}`);
      this.#title();
    }

    disconnectedCallback(): void {
      // Re-inserting the iframe reloads it: the new document connects again with a new channel.
      removeEventListener('message', this.#onMessage);
      document.removeEventListener('securitypolicyviolation', this.#onViolation);
      this.#frame.remove();
      this.#detach();
      this.#show();
      clearTimeout(this.#timer);
    }

    attributeChangedCallback(): void {
      this.#title();
      this.#send();
    }

    /**
     * Validates and sends the card (in the frame); resolves once the attempt is over. Rejects with
     * a `FrameDetachedError` (`code: 'FRAME_DETACHED'`) when the frame goes away first: the element
     * was removed, or the frame loaded again. The attempt's outcome is then unknown.
     */
    submit(): Promise<void> {
      return this.#call('submit');
    }

    /** Clears every field, error and result. */
    reset(): void {
      // Nothing waits for it: a frame that went away has nothing left to clear.
      this.#call('reset').catch(() => {});
    }

    /** Moves focus to the card number input, inside the frame. */
    override focus(options?: FocusOptions): void {
      if (!this.#inline) this.#frame.focus(options);
      this.#call('focus').catch(() => {});
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
    /**
     * As checkValidity(), and the frame shows each field's error and focuses the first field in
     * error, as the inline form does (no browser bubble over the frame).
     */
    reportValidity(): boolean {
      this.#call('reportValidity').catch(() => {});
      return this.checkValidity();
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
      this.#inline = inline;
      this.#slots();
      // Content the page adds or takes away later (a framework renders after the element).
      new MutationObserver(() => this.#slots()).observe(this, {
        childList: true,
        subtree: true,
        attributeFilter: ['slot'],
      });
      inline.addEventListener('imp-card-change', () => void this.#inlineValidity());
      this.shadowRoot!.append(inline);
      this.#send();
    }

    /**
     * Passes the page's slotted content on to the inline form, only for the slots it fills: an
     * empty slot there would replace the form's own content (the order summary, the submit label).
     */
    #slots(): void {
      for (const name of ['header', 'submit-label', 'footer']) {
        let slot = this.#inline!.querySelector<HTMLSlotElement>(`slot[name=${name}]`);
        if (!this.querySelector(`:scope>[slot=${name}]`)) slot?.remove();
        else if (!slot) {
          slot = this.#inline!.appendChild(document.createElement('slot'));
          slot.name = slot.slot = name;
        }
      }
    }

    async #inlineValidity(): Promise<void> {
      const inline = this.#inline!;
      await inline.updateComplete;
      const message = inline.validationMessage;
      this.#internals.setValidity(message ? { customError: true } : {}, message, inline);
    }

    /** The host's texts in the language the form in the frame speaks: the inline form's rule. */
    #t(): HostTranslation {
      return HOST_TEXTS[langOf(this)];
    }

    #title(): void {
      this.#frame.title = (this.#messages.formLabel as string | undefined) ?? this.#t().title;
    }

    /** Drops the channel to a document that is gone, and settles what it left unanswered. */
    #detach(): void {
      this.#port?.close();
      this.#port = undefined;
      this.#live = false;
      for (const settle of this.#calls.values()) {
        settle(
          new FrameDetachedError(
            'impcard: the card form was removed or reloaded before it answered',
          ),
        );
      }
      this.#calls.clear();
    }

    /** Gives the frame `ms` more to answer over a channel, unless it already has. */
    #wait(ms: number): void {
      clearTimeout(this.#timer);
      if (!this.#live) {
        this.#timer = window.setTimeout(
          () =>
            this.#block(
              this.#port
                ? `${src} refused this element's channel: a script on this page loaded it for itself.`
                : `no answer from ${src}. Is the impcard server up, and in this page's CSP frame-src?`,
            ),
          ms,
        );
      }
    }

    #onMessage = (e: MessageEvent): void => {
      // Only this element's frame, while it shows a page of the impcard origin.
      if (e.source !== windowOf.call(this.#frame) || e.origin !== origin) return;
      const type = (e.data as { type?: unknown } | null)?.type;
      if (type === FRAME_REFUSED) {
        this.#block(
          `${src} refused this page: add ${location.origin} to the server's allowedOrigins (IMPCARD_ALLOWED_ORIGINS).`,
        );
      }
      if (type !== FRAME_READY) return;
      // A new document in the frame (a reload): the old one's calls will never be answered.
      this.#detach();
      // A frame that does not answer over the channel refused the nonce: a page script navigated
      // it to a URL of its own. The timer then shows the notice.
      this.#wait(READY_TIMEOUT_MS);
      const { port1, port2 } = new MessageChannel();
      this.#port = port1;
      port1.onmessage = (m: MessageEvent) => {
        if (!this.#live) {
          this.#live = true;
          clearTimeout(this.#timer);
          // Late is not never (a slow network): the form replaces the notice.
          this.#show();
        }
        this.#receive(m.data);
      };
      windowOf
        .call(this.#frame)!
        .postMessage({ type: FRAME_CONNECT, n: this.#nonce }, origin, [port2]);
      this.#send();
    };

    /** The page's own CSP refused the frame (`frame-src`): no need to wait for the timer. */
    #onViolation = (e: SecurityPolicyViolationEvent): void => {
      if (
        e.effectiveDirective === 'frame-src' &&
        e.disposition === 'enforce' &&
        `${e.blockedURI}/`.startsWith(`${origin}/`)
      ) {
        this.#block(`this page's CSP refused ${src}: add ${origin} to its frame-src.`);
      }
    };

    /**
     * The frame cannot be used: the customer gets a notice in its place, the page
     * `imp-card-failure` with `FRAME_BLOCKED`, the developer the reason in the console.
     */
    #block(reason: string): void {
      clearTimeout(this.#timer);
      if (this.#live || this.#notice) return;
      console.error(`impcard: ${reason} See docs/isolation.md`);
      const custom = (this.#messages.errors as ImpCardMessagesTree | undefined)?.FRAME_BLOCKED;
      const message = typeof custom === 'string' ? custom : this.#t().blocked;
      const notice = document.createElement('p');
      notice.setAttribute('part', 'unavailable');
      notice.setAttribute('role', 'alert');
      notice.textContent = message;
      this.#show(notice);
      this.#internals.setValidity({ customError: true }, message);
      this.dispatchEvent(new HostEvent('imp-card-failure', { code: 'FRAME_BLOCKED', message }));
    }

    /** Shows `notice` instead of the frame, or (without one) the frame again. */
    #show(notice?: HTMLElement): void {
      this.#notice?.remove();
      this.#notice = notice;
      this.#frame.hidden = !!notice;
      if (notice) this.shadowRoot!.append(notice);
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
      // The frame's document has no ancestors: it gets the language this element resolved, so
      // the frame and the host's own texts (its title, its early validity message) agree.
      attributes.lang = langOf(this);
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

    #call(method: 'submit' | 'reset' | 'focus' | 'reportValidity'): Promise<void> {
      if (this.#inline) return Promise.resolve(void this.#inline[method]());
      if (!this.#port) return Promise.resolve();
      const id = ++this.#id;
      return new Promise((resolve, reject) => {
        this.#calls.set(id, (error) => (error ? reject(error) : resolve()));
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
      } else if (m.type === 'gone') {
        // The frame is on its way to another document (a reload, a navigation). No ready from
        // it is the notice after READY_TIMEOUT_MS, as for a first load. Counted from here too, not
        // only from the frame's load: WebKit may fire that load before this message arrives.
        this.#detach();
        this.#wait(READY_TIMEOUT_MS);
      } else if (m.type === 'claimed') {
        const message =
          'impcard: the card form refused a connection that was not from this element: a script on this page tried to take it over. See docs/isolation.md';
        console.warn(message);
        this.dispatchEvent(new HostEvent('imp-card-warning', { code: 'FRAME_CLAIMED', message }));
      } else if (m.type === 'focus') {
        // The frame could not focus the field itself (WebKit): its keys then go there (frame-entry.ts).
        this.#frame.focus();
      } else if (m.type === 'submit') {
        const proceed = this.dispatchEvent(new HostEvent('imp-card-submit', m.detail, true));
        this.#post({ type: 'verdict', proceed });
      } else {
        this.dispatchEvent(new HostEvent(`imp-card-${m.type}`, m.detail));
      }
    }
  };
}
