// Chromium through playwright-core, as this suite drove it before it ran in every engine: puppeteer's
// Chromium timed out (30 s) finding out-of-process frames on pages with several widgets.
import type { BrowserContext, JSHandle, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { EnginePage, script, type Backend, type EngineBrowser } from './engine-page.ts';

class PlaywrightBackend implements Backend {
  readonly engine = 'chromium' as const;
  readonly problems: string[] = [];

  constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
  ) {
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning')
        this.problems.push(`${m.text()} ${m.location().url ?? ''}`);
    });
    page.on('pageerror', (e) => this.problems.push(e.message));
  }

  async goto(url: string): Promise<void> {
    await this.page.goto(url);
  }

  evalPage(expression: string): Promise<unknown> {
    return this.page.evaluate(expression);
  }

  async evalFrame(iframe: string, expression: string): Promise<unknown> {
    // Looked up on every call: the frame can navigate (a retry reloads it).
    const handle: JSHandle = await this.page.evaluateHandle(script('(s) => __q(s)', iframe));
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
    await this.page.keyboard.press(key);
  }

  async setViewport(width: number, height: number): Promise<void> {
    await this.page.setViewportSize({ width, height });
  }

  async emulateColorScheme(scheme: 'light' | 'dark'): Promise<boolean> {
    await this.page.emulateMedia({ colorScheme: scheme });
    return true;
  }

  async screenshot(fullPage = false): Promise<Buffer> {
    return this.page.screenshot({ type: 'png', fullPage });
  }

  private closed = false;

  /** Once: a test's after hook may close the page its last test closed. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.context.close();
  }
}

/** Debian's Chromium, headless, loopback only (test/e2e/browser.ts). */
export async function launchPlaywrightChromium(): Promise<EngineBrowser> {
  const browser = await launchChromium();
  return {
    engine: 'chromium',
    async newPage() {
      // A fresh context per page: no cookies or storage shared.
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      return new EnginePage(new PlaywrightBackend(context, page));
    },
    async close() {
      await browser.close();
    },
  };
}
