// `imp-card.js`, the script-tag embed. On a page of another origin than the impcard server it
// defines <imp-card-form> as the isolated host (the card is typed in a frame of the server's
// origin). On the server's own origin a frame would isolate nothing (the page can reach into a
// same-origin frame), so it loads the inline form, `imp-card-inline.js`, and says so once.
import { defineHost } from './imp-card-host.ts';
import { INLINE_FILE } from './inline-file.ts';

const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[src*="imp-card.js"]');
/** The folder `imp-card.js` came from: the impcard server, maybe mounted under a path. */
const base = new URL('.', script?.src || location.href);

if (!customElements.get('imp-card-form')) {
  if (base.origin !== location.origin) {
    customElements.define('imp-card-form', defineHost(base));
  } else if (!document.querySelector('script[data-impcard-inline]')) {
    console.warn(
      'impcard: this page has the impcard server’s origin, so the card form renders inline and page scripts can read it. Serve impcard from its own subdomain (docs/isolation.md).',
    );
    const inline = document.createElement('script');
    inline.src = new URL(INLINE_FILE, base).href;
    inline.dataset.impcardInline = '';
    // The inline form needs `endpoint`; here it can only be the server this script came from, so
    // a page written for isolated mode (no endpoint) still works instead of failing at submit.
    // The registry reads lifecycle callbacks once, at define(): the form is defined as a subclass
    // that fills it in, the one time the inline bundle defines it.
    const endpoint = new URL('v1/registrations', base).href;
    const define = customElements.define;
    customElements.define = function (name, element, options) {
      if (name !== 'imp-card-form') return define.call(this, name, element, options);
      customElements.define = define;
      const Inline = element as unknown as new () => HTMLElement & { connectedCallback(): void };
      return define.call(
        this,
        name,
        class extends Inline {
          override connectedCallback() {
            if (!this.hasAttribute('endpoint')) this.setAttribute('endpoint', endpoint);
            super.connectedCallback();
          }
        },
        options,
      );
    };
    inline.onerror = () => (customElements.define = define);
    document.head.append(inline);
  }
}
