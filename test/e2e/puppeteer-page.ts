// Firefox ESR (WebDriver BiDi) through puppeteer-core. It drives Chromium (CDP) too, but Chromium runs
// through playwright-core (playwright-page.ts): puppeteer timed out finding its out-of-process frames.
import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from '../ensure-packages.mjs';
import { launchFirefox } from '../engines/launch-firefox.mjs';
import { startDisplay } from '../engines/start-display.mjs';
import { EnginePage, script, type Backend, type EngineBrowser } from './engine-page.ts';

class PuppeteerBackend implements Backend {
  readonly problems: string[] = [];

  constructor(
    readonly engine: 'chromium' | 'firefox',
    private readonly context: BrowserContext,
    private readonly page: Page,
  ) {
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warn')
        this.problems.push(`${m.text()} ${m.location().url ?? ''}`);
    });
    page.on('pageerror', (e) => this.problems.push(e instanceof Error ? e.message : String(e)));
  }

  /**
   * Until the page's own load event, as Playwright's goto: puppeteer's 'load' also waits for every
   * child frame's lifecycle, which a frame refused by frame-ancestors may never report (it hung).
   */
  async goto(url: string): Promise<void> {
    await this.page.goto(url, { waitUntil: 'domcontentloaded' });
    // Polled by evaluation: waitForFunction's injected helpers are refused by a strict page CSP.
    const deadline = Date.now() + 30_000;
    while ((await this.page.evaluate('document.readyState')) !== 'complete') {
      if (Date.now() > deadline) throw new Error(`${url} did not finish loading`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  evalPage(expression: string): Promise<unknown> {
    return this.page.evaluate(expression);
  }

  async evalFrame(iframe: string, expression: string): Promise<unknown> {
    // Looked up on every call: the frame can navigate (a retry reloads it) and a stale handle
    // would read the old document.
    const handle = await this.page.evaluateHandle(script('(s) => __q(s)', iframe));
    const element = handle.asElement();
    if (!element) throw new Error(`no iframe matches ${iframe}`);
    const frame = await element.contentFrame();
    await handle.dispose();
    if (!frame) throw new Error(`the iframe at ${iframe} has no frame yet`);
    return frame.evaluate(expression);
  }

  async mouseClick(x: number, y: number): Promise<void> {
    await this.page.mouse.click(x, y);
  }

  async type(text: string, delay: number): Promise<void> {
    await this.page.keyboard.type(text, { delay });
  }

  async press(key: string): Promise<void> {
    const keys = key.split('+').map((k) => (k === 'ControlOrMeta' ? 'Control' : k));
    const last = keys.pop()!;
    for (const k of keys) await this.page.keyboard.down(k as never);
    await this.page.keyboard.press(last as never);
    for (const k of keys.reverse()) await this.page.keyboard.up(k as never);
  }

  async setViewport(width: number, height: number): Promise<void> {
    await this.page.setViewport({ width, height });
  }

  /** Chromium through CDP; puppeteer has no WebDriver BiDi command for it, so not in Firefox. */
  async emulateColorScheme(scheme: 'light' | 'dark'): Promise<boolean> {
    if (this.engine !== 'chromium') return false;
    await this.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    return true;
  }

  async screenshot(fullPage = false): Promise<Buffer> {
    return Buffer.from(await this.page.screenshot({ type: 'png', fullPage }));
  }

  private closed = false;

  /** Once: a test's after hook may close the page its last test closed. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.context.close();
  }
}

/** Chromium headless (as the other suites run it); Firefox headful on a private Xvfb display. */
export async function launchPuppeteer(engine: 'chromium' | 'firefox'): Promise<EngineBrowser> {
  let browser: Browser;
  let stopDisplay = async () => {};
  if (engine === 'chromium') {
    browser = await puppeteer.launch({
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      defaultViewport: { width: 1280, height: 720 },
    });
  } else {
    // Headful: a headless Firefox window is never active and fires no focus or blur events.
    const display = await startDisplay();
    stopDisplay = () => display.stop();
    try {
      browser = await launchFirefox({ display: display.display });
    } catch (error) {
      await stopDisplay();
      throw error;
    }
  }
  return {
    engine,
    async newPage() {
      // A fresh context per page, as the tests had with Playwright: no cookies or storage shared.
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      if (engine === 'firefox') await page.setViewport({ width: 1280, height: 720 });
      return new EnginePage(new PuppeteerBackend(engine, context, page));
    },
    async close() {
      await browser.close();
      await stopDisplay();
    },
  };
}
