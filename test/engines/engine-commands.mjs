// The tests' viewport and colour-scheme commands in every engine. wtr's own setViewport and
// emulateMedia support puppeteer's Chromium only (Firefox over BiDi has no CDP; WebDriver has
// neither), and its built-in command plugins run before any of ours, so the tests use these
// commands instead, through widget/imp-card-form/test-helpers.ts.
import { setPrefersColorScheme } from './launch-firefox.mjs';

export const SET_VIEWPORT = 'impcard-set-viewport';
export const EMULATE_MEDIA = 'impcard-emulate-media';

/**
 * Sets Firefox's colour scheme and waits until the page sees it: the preference reaches the
 * content process a moment later, where Chromium's emulation holds as soon as its command returns.
 */
async function firefoxColorScheme(page, scheme) {
  await setPrefersColorScheme(page.browser(), scheme);
  if (scheme !== 'dark' && scheme !== 'light') return;
  await page.waitForFunction(
    (s) => globalThis.matchMedia(`(prefers-color-scheme: ${s})`).matches,
    { timeout: 5000, polling: 20 },
    scheme,
  );
}

/** @param {Map<object, string>} engineOf the engine each wtr launcher runs (wtr-browsers.mjs) */
export function engineCommandsPlugin(engineOf) {
  return {
    name: 'impcard-engine-commands',
    async executeCommand({ command, payload, session }) {
      if (command !== SET_VIEWPORT && command !== EMULATE_MEDIA) return undefined;
      const engine = engineOf.get(session.browser);
      if (engine === 'webkit') {
        if (command === SET_VIEWPORT) await session.browser.setViewport(session.id, payload);
        // No WebDriver command, and no MiniBrowser switch at run time, sets prefers-color-scheme.
        else throw new Error('webkit: prefers-color-scheme cannot be emulated over WebDriver');
        return true;
      }
      const page = session.browser.getPage(session.id);
      if (command === SET_VIEWPORT) await page.setViewport(payload);
      else if (engine === 'firefox') await firefoxColorScheme(page, payload.colorScheme);
      else
        await page.emulateMediaFeatures([
          { name: 'prefers-color-scheme', value: payload.colorScheme },
        ]);
      return true;
    },
  };
}
