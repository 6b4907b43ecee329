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
    document.head.append(inline);
  }
}
