/** The folder an impcard server serves `imp-card.js` from, always ending in `/`. */
export function impCardServer(server: string): string {
  return server.endsWith('/') ? server : `${server}/`;
}

let loading: { src: string; promise: Promise<void> } | undefined;

/**
 * Loads `<server>imp-card.js`, the script-tag embed, once per page, and resolves once
 * `<imp-card-form>` is defined: as the isolated host on a page of another origin (the card is typed
 * in a frame of the server's origin), inline on the server's own origin. Every caller with the same
 * server shares one script; a `<script>` already on the page with that `src` is reused. Outside a
 * browser (server rendering) it resolves at once and does nothing.
 *
 * @param server The impcard server's URL, absolute or relative to the page (`/impcard/`).
 * @example
 * ```ts
 * import { loadImpCard } from 'impcard/react'; // or 'impcard/vue'
 * await loadImpCard('https://pay.shop.example/');
 * document.querySelector('imp-card-form')!.messages = { submit: { billing_key: 'Save card' } };
 * ```
 */
export function loadImpCard(server: string): Promise<void> {
  if (typeof document === 'undefined') return Promise.resolve();
  const src = new URL('imp-card.js', new URL(impCardServer(server), document.baseURI)).href;
  if (loading) {
    // The page has one <imp-card-form> definition, so one server: a second would be ignored.
    return loading.src === src
      ? loading.promise
      : Promise.reject(new Error(`impcard: this page already loads ${loading.src}, not ${src}`));
  }
  const promise = new Promise<void>((resolve, reject) => {
    void customElements.whenDefined('imp-card-form').then(() => resolve());
    if (customElements.get('imp-card-form')) return;
    const script =
      [...document.scripts].find((s) => s.src === src) ??
      document.head.appendChild(Object.assign(document.createElement('script'), { src }));
    script.addEventListener('error', () => {
      // A later call (a remount, a retry) tries again rather than sharing this failure.
      loading = undefined;
      script.remove();
      reject(new Error(`impcard: could not load ${src}`));
    });
  });
  loading = { src, promise };
  return promise;
}
