// Debian's Firefox ESR driven over WebDriver BiDi by puppeteer-core (no geckodriver needed).
import { execFileSync } from 'node:child_process';
import puppeteer from 'puppeteer-core';
import { firefoxPath } from './engine-paths.mjs';

/**
 * Preferences for every Firefox this project starts: nothing may reach beyond loopback (the
 * equivalent of Chromium's --host-resolver-rules and background-networking flags).
 */
export const firefoxPrefs = {
  // Every request but loopback goes to a proxy that is not there (port 9, discard), so it fails at
  // once, as Chromium's --host-resolver-rules makes it fail; loopback is never proxied.
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': 9,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': 9,
  'network.proxy.no_proxies_on': 'localhost, 127.0.0.1',
  'network.dns.disableIPv6': true,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'app.update.enabled': false,
  'app.normandy.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'browser.search.update': false,
  'media.gmp-manager.updateEnabled': false,
  'network.trr.mode': 5,
};

/**
 * Clicks once into Firefox's window: without a window manager the window is never activated, and an
 * inactive window fires no focus or blur events (the same as headless). One real click activates it.
 * Do it on a blank page, before any test page is open, so the click lands on nothing.
 */
export function activateFirefoxWindow(display) {
  execFileSync(
    'xdotool',
    [
      'search',
      '--sync',
      '--onlyvisible',
      '--class',
      'firefox',
      'windowfocus',
      '--sync',
      'mousemove',
      '--window',
      '%1',
      '10',
      '300',
      'click',
      '1',
    ],
    { env: { ...process.env, DISPLAY: display }, timeout: 10_000, stdio: 'ignore' },
  );
}

/**
 * Firefox ESR, headful on `display` (see activateFirefoxWindow), its window active. BiDi may reach
 * Firefox's own (chrome) window, which setPrefersColorScheme needs: the remote agent listens on
 * loopback only, for this test run.
 */
export async function launchFirefox({ display, width = 1280, height = 900 }) {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath,
    headless: false,
    args: [`--width=${width}`, `--height=${height}`, '--remote-allow-system-access'],
    extraPrefsFirefox: firefoxPrefs,
    env: { ...process.env, DISPLAY: display },
  });
  activateFirefoxWindow(display);
  return browser;
}

/** Firefox's override of the OS colour scheme, for prefers-color-scheme; 2 follows the OS. */
const SCHEME_OVERRIDE = 'layout.css.prefers-color-scheme.content-override';
const SCHEME_VALUES = { dark: 0, light: 1 };

/**
 * What Chromium's Emulation.setEmulatedMedia does for `prefers-color-scheme`, for a Firefox driven
 * over BiDi (which has no such command, and puppeteer's emulateMediaFeatures needs CDP): sets the
 * content override preference from Firefox's chrome window. 'no-preference' restores the default.
 * The preference is browser-wide: fine for wtr's one page at a time.
 */
export async function setPrefersColorScheme(browser, scheme) {
  const tree = await browser.connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const context = tree.result.contexts[0]?.context;
  if (!context) throw new Error('firefox: no chrome window to set the colour scheme from');
  const value = SCHEME_VALUES[scheme];
  const expression =
    value === undefined
      ? `Services.prefs.clearUserPref(${JSON.stringify(SCHEME_OVERRIDE)})`
      : `Services.prefs.setIntPref(${JSON.stringify(SCHEME_OVERRIDE)}, ${value})`;
  const { result } = await browser.connection.send('script.evaluate', {
    expression,
    target: { context },
    awaitPromise: false,
  });
  if (result.type !== 'success')
    throw new Error(`firefox: setting ${SCHEME_OVERRIDE} failed: ${JSON.stringify(result)}`);
}
