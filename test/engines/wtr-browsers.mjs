// web-test-runner's launchers for the three engines a Korean customer uses. test/run-browser.mjs
// starts what they need outside wtr (an Xvfb display, WebKitWebDriver) and passes it in the
// environment: IMPCARD_DISPLAY (":N") and IMPCARD_WEBKIT ("host:port").
import { chromeLauncher } from '@web/test-runner';
import { chromiumArgs, chromiumPath } from '../ensure-packages.mjs';
import { launchFirefox } from './launch-firefox.mjs';
import { selectedEngines } from './selected-engines.mjs';
import { webkitLauncher } from './webkit-launcher.mjs';

function required(name) {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the browser tests with npm run test:browser`);
  return value;
}

const launchers = {
  chromium: () =>
    Object.assign(
      chromeLauncher({
        launchOptions: { executablePath: chromiumPath, headless: true, args: chromiumArgs },
      }),
      { name: 'Chromium' }, // wtr's label; it says "Chrome" for any local Chromium
    ),
  // @web/test-runner-chrome's launcher drives any puppeteer browser: given launchFirefox as its
  // "puppeteer", its pages are puppeteer pages, so sendKeys, setViewport and emulateMedia work
  // unchanged. Firefox runs headful on the Xvfb display with its window activated (see
  // launch-firefox.mjs: a headless Firefox fires no focus or blur events). puppeteer puts every
  // site in one content process (fission.webContentIsolationStrategy=0): origins still hold.
  firefox: () =>
    chromeLauncher({
      launchOptions: { browser: 'firefox' },
      puppeteer: { launch: () => launchFirefox({ display: required('IMPCARD_DISPLAY') }) },
    }),
  // WebKitWebDriver speaks classic WebDriver only: one session, tests in the top-level page (wtr's
  // concurrency 1 keeps them out of its iframe mode, where "switch to frame" would move focus).
  webkit: () => {
    const [hostname, port] = required('IMPCARD_WEBKIT').split(':');
    return webkitLauncher({ hostname, port: Number(port) });
  },
};

/** One wtr launcher per engine, and the engine each launcher runs (for the per-engine summary). */
export function wtrBrowsers(engines = selectedEngines()) {
  const engineOf = new Map();
  const browsers = engines.map((engine) => {
    const launcher = launchers[engine]();
    engineOf.set(launcher, engine);
    return launcher;
  });
  return { browsers, engineOf };
}
