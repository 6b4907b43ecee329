// web-test-runner's WebDriver launcher, adapted to WebKitWebDriver (see start-webkit.mjs).
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import { WEBDRIVER_KEYS as KEYS } from './webdriver-keys.mjs';

/** The viewport every test file starts with, as wtr's Chromium and Firefox pages do. */
const START = { width: 800, height: 600 };

class WebKitLauncher extends WebdriverLauncher {
  /**
   * Types like a person: each key down then up, in turn. wtr's webdriver launcher sends
   * webdriverio's keys(), which presses every key down before releasing any: a chord, in which a
   * repeated character ("1229") is one key held down and typed once.
   */
  async sendKeys(_sessionId, keys) {
    const actions = keys.flatMap((key) => {
      const value = KEYS[key] ?? key;
      if ([...value].length !== 1) throw new Error(`webkit: no WebDriver key for "${key}"`);
      return [
        { type: 'keyDown', value },
        { type: 'keyUp', value },
      ];
    });
    // Every key is up again at the end: nothing to release.
    await this.driver.performActions([{ type: 'key', id: 'keyboard', actions }]);
  }

  /**
   * Sizes the window so that the page's viewport is `width` × `height`. WebDriver sizes the whole
   * window, the toolbar included; MiniBrowser's window cannot be narrower than its toolbar (about
   * 447 px), so a narrower viewport is refused rather than silently wider.
   */
  async setViewport(_sessionId, { width, height }) {
    const inner = () => this.driver.execute('return [innerWidth, innerHeight]');
    const [w0, h0] = await inner();
    const { width: ow, height: oh } = await this.driver.getWindowRect();
    await this.driver.setWindowRect(null, null, width + (ow - w0), height + (oh - h0));
    const [w, h] = await inner();
    if (w !== width || h !== height)
      throw new Error(
        `webkit: asked for a ${width}×${height} viewport, MiniBrowser's window gives ${w}×${h}`,
      );
  }

  async initialize(config) {
    await super.initialize(config);
    this.name = 'WebKit'; // wtr's label, from the capabilities: empty for WebKitWebDriver's
  }

  async startSession(id, url) {
    await this.ensureManagerInitialized();
    if (!this.sized) {
      await this.setViewport(id, START);
      this.sized = true;
    }
    return super.startSession(id, url);
  }
}

/** A launcher for the WebKitWebDriver at hostname:port (MiniBrowser, started by start-webkit.mjs). */
export function webkitLauncher({ hostname, port }) {
  return new WebKitLauncher({ hostname, port, capabilities: {}, logLevel: 'error' });
}
