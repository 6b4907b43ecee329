// One small driver for the three engines the e2e tests run in: Chromium and Firefox through
// puppeteer-core (CDP and WebDriver BiDi), WebKitGTK through WebKitWebDriver (classic WebDriver).
// Everything but the raw input and the script evaluation is written once here, on top of those two
// back ends, so a quirk of one engine is handled in one place (see puppeteer-page.ts, webkit-page.ts).
import assert from 'node:assert/strict';
import type { Engine } from '../engines/selected-engines.mjs';

export type { Engine };

/**
 * The raw operations an engine's back end provides. Scripts arrive as expression text (an async
 * arrow function called at once) and run in the page or in the frame of the iframe at `iframe`
 * (a deep selector, see DEEP_QUERY).
 */
export interface Backend {
  readonly engine: Engine;
  /** Console errors and warnings and uncaught errors, or null where the engine cannot report them. */
  readonly problems: string[] | null;
  goto(url: string): Promise<void>;
  evalPage(expression: string): Promise<unknown>;
  evalFrame(iframe: string, expression: string): Promise<unknown>;
  /** A real pointer click at viewport coordinates (CSS pixels) of the top-level page. */
  mouseClick(x: number, y: number): Promise<void>;
  /** Characters typed one key at a time to whatever has focus. */
  type(text: string, delay: number): Promise<void>;
  /** One key or chord: "Tab", "Shift+Tab", "Control+V", "Backspace", "Enter". */
  press(key: string): Promise<void>;
  setViewport(width: number, height: number): Promise<void>;
  /** Emulates the OS's colour scheme; false where the engine's driver cannot. */
  emulateColorScheme(scheme: 'light' | 'dark'): Promise<boolean>;
  /** The viewport as PNG, or the whole page where the engine can (not WebKit's WebDriver). */
  screenshot(fullPage?: boolean): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * Finds an element through open shadow roots, as Playwright's locators do: each `>>>`-separated step
 * is searched for in the document (then in the previous step's shadow root) and in every open shadow
 * root below it. Prepended to every script.
 */
const DEEP_QUERY = `
const __name = (f) => f;
const __deep = (root, s) => {
  const hit = root.querySelector(s);
  if (hit) return hit;
  for (const e of root.querySelectorAll('*')) if (e.shadowRoot) { const h = __deep(e.shadowRoot, s); if (h) return h; }
  return null;
};
const __q = (sel) => {
  let root = document, el = null;
  for (const part of sel.split('>>>')) {
    el = __deep(root, part.trim());
    if (!el) return null;
    root = el.shadowRoot ?? el;
  }
  return el;
};`;

/**
 * The expression that calls `fn(arg)` (or `fn(element, arg)` with the element at `selector`). `__name`
 * is there because tsx keeps function names by wrapping them in calls to it, which a function's
 * source carries into the browser.
 */
export function script(fn: string, arg: unknown, selector?: string): string {
  const a = arg === undefined ? 'undefined' : JSON.stringify(arg);
  const call = selector
    ? `const __el = __q(${JSON.stringify(selector)});
if (!__el) throw new Error('no element matches ' + ${JSON.stringify(JSON.stringify(selector))});
return (${fn})(__el, ${a});`
    : `return (${fn})(${a});`;
  return `(async () => {${DEEP_QUERY}\n${call}\n})()`;
}

type Fn<A, R> = (arg: A) => R;
type ElementFn<A, R> = (element: any, arg: A) => R; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The page itself, or the document of one of its frames. */
export class Scope {
  constructor(
    protected readonly backend: Backend,
    /** The deep selector of the iframe, or null for the page. */
    readonly iframe: string | null,
  ) {}

  protected run(expression: string): Promise<unknown> {
    return this.iframe === null
      ? this.backend.evalPage(expression)
      : this.backend.evalFrame(this.iframe, expression);
  }

  /** Runs `fn(arg)` in this document; `fn` must be self-contained (it is sent as source text). */
  evaluate<R, A = undefined>(fn: Fn<A, R>, arg?: A): Promise<Awaited<R>> {
    return this.run(script(String(fn), arg)) as Promise<Awaited<R>>;
  }

  /** Runs `fn(element, arg)` on the element at the deep `selector`; throws if there is none. */
  on<R, A = undefined>(selector: string, fn: ElementFn<A, R>, arg?: A): Promise<Awaited<R>> {
    return this.run(script(String(fn), arg, selector)) as Promise<Awaited<R>>;
  }

  /** Polls `fn(arg)` until it returns something truthy, and returns that. */
  async waitFor<R, A = undefined>(
    fn: Fn<A, R>,
    arg?: A,
    { timeout = 10_000 }: { timeout?: number } = {},
  ): Promise<Awaited<R>> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = await this.evaluate(fn, arg);
      if (value) return value;
      if (Date.now() > deadline)
        throw new Error(`timed out after ${timeout} ms waiting for ${String(fn).slice(0, 300)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * Runs a script's source in this document through the driver's own evaluation, which the
   * document's CSP does not govern in any engine (a script element or eval() would be refused).
   */
  async addScript(source: string): Promise<void> {
    await this.run(`(function () {\n${source}\n}).call(window)`);
  }

  /** Waits until the text of the element at the deep `selector` matches `pattern`; returns it. */
  async waitForText(selector: string, pattern: RegExp, timeout = 10_000): Promise<string> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const last = (await this.run(
        script('(s) => { const el = __q(s); return el ? el.textContent : null; }', selector),
      )) as string | null;
      if (last !== null && pattern.test(last)) return last;
      if (Date.now() > deadline)
        throw new Error(`${selector} read ${JSON.stringify(last)}, not ${String(pattern)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Whether the element is rendered (a box, not visibility: hidden), as Playwright's isVisible. */
  visible(selector: string): Promise<boolean> {
    return this.on(
      selector,
      (el: Element) =>
        el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden',
    );
  }

  /** Focuses the element at the deep `selector` (by script, as a page's own focus() does). */
  async focus(selector: string): Promise<void> {
    await this.on(selector, (el: HTMLElement) => el.focus());
  }

  /** Waits until the deep `selector` matches an element. */
  async waitForSelector(selector: string, { timeout = 10_000 }: { timeout?: number } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      if (await this.run(script('(s) => !!__q(s)', selector))) return;
      if (Date.now() > deadline)
        throw new Error(`timed out after ${timeout} ms waiting for ${selector}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  count(selector: string): Promise<number> {
    return this.run(script('(s) => (__q(s) ? 1 : 0)', selector)) as Promise<number>;
  }

  text(selector: string): Promise<string | null> {
    return this.on(selector, (el: Element) => el.textContent);
  }

  value(selector: string): Promise<string> {
    return this.on(selector, (el: HTMLInputElement) => el.value);
  }

  attribute(selector: string, name: string): Promise<string | null> {
    return this.on(selector, (el: Element, n: string) => el.getAttribute(n), name);
  }

  /** The element's box in the top-level page's viewport, scrolled into view first. */
  async box(selector: string): Promise<{ x: number; y: number; width: number; height: number }> {
    const inner = await this.on(selector, (el: Element) => {
      el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    });
    if (this.iframe === null) return inner;
    // The frame's viewport starts inside the iframe's border; scroll the page if the point is out
    // of its viewport (the frame grows to its content, so it can be taller than the window).
    const offset = await this.backend.evalPage(
      script(
        String((el: HTMLIFrameElement, y: number) => {
          let r = el.getBoundingClientRect();
          const top = r.y + el.clientTop + y;
          if (top < 0 || top > innerHeight - 20) {
            window.scrollBy(0, top - innerHeight / 2);
            r = el.getBoundingClientRect();
          }
          return { x: r.x + el.clientLeft, y: r.y + el.clientTop };
        }),
        inner.y + inner.height / 2,
        this.iframe,
      ),
    );
    const o = offset as { x: number; y: number };
    return { ...inner, x: inner.x + o.x, y: inner.y + o.y };
  }

  /**
   * A real click at the element's centre. By coordinates, not by element: WebKitWebDriver's Element
   * Click refuses elements inside a shadow root ("element click intercepted"), and a click that
   * goes through the pointer is what a customer does in every engine.
   */
  async click(selector: string): Promise<void> {
    // The frame is sized by the host after its first messages: wait for a box that holds still,
    // or the click lands where the element was a moment ago.
    let b = await this.box(selector);
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 30));
      const again = await this.box(selector);
      if (again.x === b.x && again.y === b.y && again.width === b.width) break;
      b = again;
    }
    await this.backend.mouseClick(Math.round(b.x + b.width / 2), Math.round(b.y + b.height / 2));
  }

  /** Clicks the field, then types `text` one key at a time (the widget masks and moves focus). */
  async fill(selector: string, text: string, delay = 10): Promise<void> {
    await this.click(selector);
    const focused = await this.on(
      selector,
      (el: Element) => (el.getRootNode() as Document | ShadowRoot).activeElement === el,
    );
    assert.ok(focused, `the click on ${selector} focused it`);
    await this.backend.type(text, delay);
  }
}

/** A page (tab) of one engine, with its card frames. */
export class EnginePage extends Scope {
  readonly engine: Engine;

  constructor(backend: Backend) {
    super(backend, null);
    this.engine = backend.engine;
  }

  /** Console errors and warnings and uncaught errors so far, or null where the engine has no log. */
  get problems(): string[] | null {
    return this.backend.problems;
  }

  goto(url: string): Promise<void> {
    return this.backend.goto(url);
  }

  /** The document of the iframe in the shadow root of the element at `host` (a deep selector). */
  frame(host = 'imp-card-form'): Scope {
    return new Scope(this.backend, `${host} >>> iframe`);
  }

  /** The card frame of `host`, once its card number input is there. */
  async cardFrame(host = 'imp-card-form'): Promise<Scope> {
    await this.waitForSelector(`${host} >>> iframe`);
    const frame = this.frame(host);
    await frame.waitForSelector('#card_number');
    return frame;
  }

  type(text: string, delay = 10): Promise<void> {
    return this.backend.type(text, delay);
  }

  press(key: string): Promise<void> {
    return this.backend.press(key);
  }

  mouseClick(x: number, y: number): Promise<void> {
    return this.backend.mouseClick(x, y);
  }

  setViewport(width: number, height: number): Promise<void> {
    return this.backend.setViewport(width, height);
  }

  emulateColorScheme(scheme: 'light' | 'dark'): Promise<boolean> {
    return this.backend.emulateColorScheme(scheme);
  }

  screenshot(fullPage = false): Promise<Buffer> {
    return this.backend.screenshot(fullPage);
  }

  close(): Promise<void> {
    return this.backend.close();
  }
}

/**
 * One running engine. Pages are opened one after another: WebKit has a single window, and its
 * newPage() blanks it (the page before is gone).
 */
export interface EngineBrowser {
  readonly engine: Engine;
  newPage(): Promise<EnginePage>;
  close(): Promise<void>;
}

/** Starts `engine` (with its private display where it needs one). */
export async function launchEngine(engine: Engine): Promise<EngineBrowser> {
  if (engine === 'webkit') return (await import('./webkit-page.ts')).launchWebKit();
  if (engine === 'chromium')
    return (await import('./playwright-page.ts')).launchPlaywrightChromium();
  return (await import('./puppeteer-page.ts')).launchPuppeteer(engine);
}
