// `imp-card-frame.js`: runs inside `GET /frame` on the impcard origin, next to the inline bundle
// (`imp-card-inline.js`, which defines the real <imp-card-form>). It connects that form to the
// host on the merchant page: settings and method calls come in, events, validity and the content's
// height go out. The form POSTs the card to this origin's `v1/registrations` (set in the frame's
// HTML, never by the host), so the digits stay in this document.
import * as v from 'valibot';
import {
  FRAME_CONNECT,
  FRAME_READY,
  FrameConnectSchema,
  FrameMessageSchema,
  THEME_PROPERTIES,
  type FrameMessage,
} from '../contract/frame-messages.ts';
import {
  HostMessageSchema,
  type FrameSettings,
  type HostMessage,
} from '../contract/frame-settings.ts';
import type { ImpCardForm } from '../imp-card-form/imp-card-form.ts';
import { withoutPriceTexts } from './without-price-texts.ts';

// The server put the embedding page's origin in the URL after checking it against
// IMPCARD_ALLOWED_ORIGINS (and framed the page for that origin only, with CSP frame-ancestors).
const hostOrigin = new URLSearchParams(location.search).get('origin') ?? '';
const ancestor = location.ancestorOrigins?.[0];
// The host that made this frame put a nonce in the fragment of the URL it loaded this document
// from; only a connect that carries it is the host's (docs/isolation.md).
const nonce = new URLSearchParams(location.hash.slice(1)).get('n') ?? '';
const trusted =
  parent !== window &&
  nonce.length >= 16 &&
  /^https?:\/\/[^/]+$/.test(hostOrigin) &&
  (ancestor === undefined || ancestor === hostOrigin);

const form = document.querySelector('imp-card-form') as ImpCardForm;
let port: MessagePort | undefined;
let height = -1;
let validity: string | undefined;
/** The next `imp-card-submit` is the one the host's page already let through. */
let letThrough = false;
let verdict: ((proceed: boolean) => void) | undefined;
let attempt: Promise<void> | undefined;
/** Connects refused so far: told to the host once it is connected. */
let claims = 0;

/** Sends what the contract allows, stripped to its fields: nothing else ever leaves the frame. */
function send(message: FrameMessage): void {
  const parsed = v.safeParse(FrameMessageSchema, message);
  if (port && parsed.success) port.postMessage(parsed.output);
}

async function reportValidity(): Promise<void> {
  await form.updateComplete;
  const message = form.validationMessage;
  if (message !== validity) send({ type: 'validity', message: (validity = message) });
}

function reportHeight(force = false): void {
  const now = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (now !== height || force) send({ type: 'resize', height: (height = now) });
}

const appearanceSheet = new CSSStyleSheet();
const baseSheet = new CSSStyleSheet();
// No margins and no scrollbars: the host sizes the frame to the content.
baseSheet.replaceSync('html,body{margin:0;padding:0;background:transparent;overflow:hidden}');
document.adoptedStyleSheets = [baseSheet, appearanceSheet];
const fonts = new Set<string>();

function apply(s: FrameSettings): void {
  for (const [name, value] of Object.entries(s.attributes)) {
    if (value === null) form.removeAttribute(name);
    else form.setAttribute(name, value);
  }
  document.documentElement.lang = s.attributes.lang ?? navigator.language;
  const { messages, dropped } = withoutPriceTexts(s.messages);
  if (dropped.length) {
    console.warn(
      `impcard: texts that could state another price than the token's were ignored: ${dropped.join(', ')}. See docs/isolation.md`,
    );
  }
  form.messages = messages;
  for (const name of THEME_PROPERTIES) {
    const value = s.theme[name];
    if (value) form.style.setProperty(name, value);
    else form.style.removeProperty(name);
  }
  let css = '';
  for (const [selector, declarations] of Object.entries(s.appearance.rules ?? {})) {
    const [part, state] = selector.split(':');
    const body = Object.entries(declarations)
      .map(([property, value]) => `${property}:${value}`)
      .join(';');
    css += `imp-card-form::part(${part})${state ? `:${state}` : ''}{${body}}`;
  }
  appearanceSheet.replaceSync(css);
  for (const href of s.appearance.fonts ?? []) {
    const url = new URL(href, location.href);
    // Only stylesheets of this origin (the frame's CSP says the same: style-src 'self').
    if (url.origin !== location.origin || fonts.has(url.href)) continue;
    fonts.add(url.href);
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = url.href;
    document.head.append(link);
  }
  form.formDisabledCallback(s.disabled);
  void reportValidity();
  // Texts, theme and appearance change the height with no mutation for the observer below.
  void form.updateComplete.then(() => reportHeight());
}

/** The field a call of the page wanted focused, until it is (see `settle`). */
let wanted: HTMLElement | undefined;

function focusWanted(): void {
  wanted?.focus();
  if (form.shadowRoot!.activeElement === wanted) wanted = undefined;
}

/**
 * Makes sure the field a call moved focus to has it. WebKit ignores `focus()` in a cross-origin
 * frame the customer has not interacted with yet, whatever the handler (a message, the window's
 * `focus`), and Chromium and Firefox allow it. Then the host focuses the frame itself (a page may
 * focus its iframe), and the first key pressed in it moves focus to the field: WebKit allows
 * `focus()` while the frame handles the customer's key, and the key then types into that field.
 */
function settle(field: HTMLElement | null): void {
  if (field && (form.shadowRoot!.activeElement !== field || !document.hasFocus())) {
    wanted = field;
    send({ type: 'focus' });
  }
}
addEventListener('focus', focusWanted);
// Keys that type only: Tab keeps its own way through the fields.
addEventListener('keydown', (e) => e.key.length === 1 && focusWanted(), true);
// The customer chose a field (a click, Tab): the call's wish is over.
form.addEventListener('focusin', () => (wanted = undefined));

/** The first field in error, once the form shows its errors. */
const invalidField = async (): Promise<HTMLElement | null> => (
  await form.updateComplete,
  form.shadowRoot!.querySelector<HTMLElement>('input[aria-invalid=true]')
);

async function call(method: 'submit' | 'reset' | 'focus' | 'reportValidity'): Promise<void> {
  if (method === 'reset') return form.reset();
  if (method === 'focus') {
    form.focus();
    return settle(form.shadowRoot!.querySelector('#card_number'));
  }
  if (method === 'reportValidity') {
    form.reportValidity();
    return settle(await invalidField());
  }
  attempt = undefined;
  await form.submit();
  if (!form.validity.valid) settle(await invalidField());
  // The form stopped at imp-card-submit to ask the page: done once that attempt is.
  while (attempt) {
    const pending: Promise<void> = attempt;
    attempt = undefined;
    await pending;
  }
}

function receive(message: HostMessage): void {
  if (message.type === 'settings') apply(message);
  else if (message.type === 'verdict') verdict?.(message.proceed);
  else void call(message.method).then(() => send({ type: 'done', id: message.id }));
}

form.addEventListener('imp-card-change', (e) => {
  send({ type: 'change', detail: e.detail });
  void reportValidity();
});
form.addEventListener('imp-card-success', (e) => send({ type: 'success', detail: e.detail }));
form.addEventListener('imp-card-failure', (e) => send({ type: 'failure', detail: e.detail }));
// `imp-card-submit` is cancelable on the page: hold the attempt until the host answers whether a
// page listener called preventDefault(), then submit again and let that event through.
form.addEventListener('imp-card-submit', (e) => {
  if (letThrough || !port) return;
  e.preventDefault();
  attempt = new Promise<void>((resolve) => {
    verdict = (proceed) => {
      verdict = undefined;
      if (!proceed) return resolve();
      letThrough = true;
      const sent = form.submit();
      letThrough = false;
      void sent.then(resolve);
    };
  });
  send({ type: 'submit', detail: e.detail });
});

// The host waits for an answer to each call: when this document goes (a reload, a navigation) it
// settles them rather than wait forever. Not when it goes into the back/forward cache, whence it
// may come back with its channel.
addEventListener('pagehide', (e) => {
  if (!e.persisted) send({ type: 'gone' });
});

new ResizeObserver(() => reportHeight()).observe(document.documentElement);
// Chromium renders nothing of a frame of another origin while it is out of view, so the observer
// above stays silent until the customer scrolls to it, and the host would keep a stale height.
// Layout is still computed on demand: measure after every render of the form and every font load.
new MutationObserver(() => reportHeight()).observe(form.shadowRoot!, {
  subtree: true,
  childList: true,
  attributes: true,
  characterData: true,
});
document.fonts.addEventListener('loadingdone', () => reportHeight());

if (trusted) {
  addEventListener('message', (e) => {
    if (e.source !== parent || e.origin !== hostOrigin) return;
    if ((e.data as { type?: unknown } | null)?.type !== FRAME_CONNECT) return;
    // One channel per frame, from the host that made it: a page script that answers the ready
    // first (its message listener came before the host's) has no nonce.
    if (port || !v.is(FrameConnectSchema, e.data) || e.data.n !== nonce || !e.ports[0]) {
      console.warn(
        'impcard: refused a connection to the card form that was not from the element that made it: a script on the page tried to take it over. See docs/isolation.md',
      );
      claims++;
      send({ type: 'claimed' });
      return;
    }
    port = e.ports[0];
    port.onmessage = (m: MessageEvent) => {
      const parsed = v.safeParse(HostMessageSchema, m.data);
      if (parsed.success) receive(parsed.output);
    };
    reportHeight(true);
    // Reported once the host's settings are applied (it sends them right after connecting): the
    // message before them would be in this document's language, not the page's.
    validity = undefined;
    if (claims) send({ type: 'claimed' });
  });
  parent.postMessage({ type: FRAME_READY }, hostOrigin);
}
