// WebKitGTK's MiniBrowser through WebKitWebDriver (classic W3C WebDriver, the `webdriver` client).
import type WebDriver from 'webdriver';
import { startDisplay } from '../engines/start-display.mjs';
import { startWebKit } from '../engines/start-webkit.mjs';
import { WEBDRIVER_KEYS as KEYS } from '../engines/webdriver-keys.mjs';
import { EnginePage, script, type Backend, type EngineBrowser } from './engine-page.ts';

type Client = Awaited<ReturnType<typeof WebDriver.newSession>>;

const keyValue = (k: string): string => KEYS[k] ?? (k.length === 1 ? k : fail(`no key ${k}`));
function fail(message: string): never {
  throw new Error(message);
}

class WebKitBackend implements Backend {
  readonly engine = 'webkit' as const;
  /** WebKitWebDriver has no log endpoint: the console cannot be read from outside. */
  readonly problems = null;
  /** The browsing context the driver is in: null for the page, else the iframe's selector. */
  private context: string | null = null;

  constructor(private readonly client: Client) {}

  async goto(url: string): Promise<void> {
    this.context = null;
    await this.client.navigateTo(url);
  }

  private async toPage(): Promise<void> {
    if (this.context === null) return;
    await this.client.switchToFrame(null);
    this.context = null;
  }

  async evalPage(expression: string): Promise<unknown> {
    await this.toPage();
    return this.client.executeScript(`return ${expression}`, []);
  }

  /**
   * Switching to a frame moves WebKit's focus into it, and switching back moves it to the page's
   * document (the frame's own active element is kept): the driver stays in a frame until a page
   * script needs the page, so reading a frame between keys does not blur what the keys go to.
   */
  async evalFrame(iframe: string, expression: string): Promise<unknown> {
    if (this.context !== iframe) {
      await this.toPage();
      const element: unknown = await this.client.executeScript(
        `return ${script('(s) => __q(s)', iframe)}`,
        [],
      );
      if (!element) throw new Error(`no iframe matches ${iframe}`);
      await this.client.switchToFrame(element);
      this.context = iframe;
    }
    return this.client.executeScript(`return ${expression}`, []);
  }

  /**
   * Pointer actions at viewport coordinates of the top-level page: from the page's context, so the
   * coordinates are the page's whatever frame the driver was reading.
   */
  async mouseClick(x: number, y: number): Promise<void> {
    await this.toPage();
    await this.client.performActions([
      {
        type: 'pointer',
        id: 'mouse',
        parameters: { pointerType: 'mouse' },
        actions: [
          { type: 'pointerMove', x, y, origin: 'viewport', duration: 0 },
          { type: 'pointerDown', button: 0 },
          { type: 'pointerUp', button: 0 },
        ],
      },
    ]);
    await this.client.releaseActions();
  }

  /**
   * Key actions go to the focused element of the driver's browsing context; from the page's context
   * they reach a focused frame too (checked), so keys never switch contexts.
   */
  private async keys(actions: object[]): Promise<void> {
    await this.client.performActions([{ type: 'key', id: 'keyboard', actions }]);
    await this.client.releaseActions();
  }

  async type(text: string, delay: number): Promise<void> {
    await this.keys(
      [...text].flatMap((ch) => [
        { type: 'keyDown', value: ch },
        { type: 'keyUp', value: ch },
        ...(delay > 0 ? [{ type: 'pause', duration: delay }] : []),
      ]),
    );
  }

  async press(key: string): Promise<void> {
    const keys = key.split('+').map(keyValue);
    await this.keys([
      ...keys.map((value) => ({ type: 'keyDown', value })),
      ...keys.reverse().map((value) => ({ type: 'keyUp', value })),
    ]);
  }

  /**
   * The window's size, set so that the viewport is `width` × `height` (the window adds MiniBrowser's
   * chrome). WebKitGTK's window cannot be narrower than about 447 px.
   */
  async setViewport(width: number, height: number): Promise<void> {
    await this.toPage();
    for (let i = 0; i < 3; i++) {
      const inner = (await this.client.executeScript(
        'return [innerWidth, innerHeight]',
        [],
      )) as number[];
      const rect = await this.client.getWindowRect();
      if (inner[0] === width && inner[1] === height) return;
      await this.client.setWindowRect(
        null,
        null,
        rect.width + width - inner[0]!,
        rect.height + height - inner[1]!,
      );
    }
  }

  /** Classic WebDriver has no media emulation. */
  emulateColorScheme(): Promise<boolean> {
    return Promise.resolve(false);
  }

  async screenshot(): Promise<Buffer> {
    await this.toPage();
    return Buffer.from(await this.client.takeScreenshot(), 'base64');
  }

  async close(): Promise<void> {
    // One window for the whole run: a blank page stands for a closed tab.
    await this.goto('about:blank');
  }
}

export async function launchWebKit(): Promise<EngineBrowser> {
  // switchToFrame is WebDriver's own command; the notice points at webdriverio's wrapper of it.
  process.env.DISABLE_WEBDRIVERIO_DEPRECATION_WARNINGS = 'true';
  // @wdio/utils announces every session it attaches to (the test output is the reporter's); its
  // loggers read the level once, when the package loads.
  process.env.WDIO_LOG_LEVEL ??= 'error';
  const { default: WebDriver } = await import('webdriver');
  const display = await startDisplay();
  let webkit: Awaited<ReturnType<typeof startWebKit>> | undefined;
  try {
    webkit = await startWebKit({ display: display.display });
    const client = await WebDriver.newSession({
      hostname: webkit.hostname,
      port: webkit.port,
      capabilities: {},
      logLevel: 'error',
    });
    await client.setWindowRect(0, 0, 1280, 800);
    return {
      engine: 'webkit',
      // One window: a new page is that window, blank again (a page a failed test left open too).
      async newPage() {
        const backend = new WebKitBackend(client);
        await backend.close();
        await backend.setViewport(1280, 720);
        return new EnginePage(backend);
      },
      async close() {
        await client.deleteSession().catch(() => {});
        await webkit!.stop();
        await display.stop();
      },
    };
  } catch (error) {
    await webkit?.stop();
    await display.stop();
    throw error;
  }
}
