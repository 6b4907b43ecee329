// The merchant site of the isolated-mode e2e tests: a loopback origin other than impcard's, that
// serves whatever pages a test puts in `pages`, each under the CSP the test chooses.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { launchEngine, type EngineBrowser, type Engine, type EnginePage } from './engine-page.ts';
import { startMain, type MainProcess } from './start-main.ts';

export interface Site {
  server: Server;
  origin: string;
  pages: Map<string, string>;
}

/** The CSP docs/isolation.md tells a merchant page to send: scripts and frames from impcard, nothing inline. */
export function merchantCsp(server: string, connect = "'self'"): string {
  return `default-src 'self'; script-src 'self' ${server}; frame-src ${server}; style-src 'self'; connect-src ${connect}`;
}

export async function listen(csp: () => string): Promise<Site> {
  const pages = new Map<string, string>();
  const server = createServer((req, res) => {
    const body = pages.get(req.url ?? '');
    const type = req.url?.endsWith('.js')
      ? 'text/javascript'
      : req.url?.endsWith('.css')
        ? 'text/css'
        : 'text/html';
    res
      .writeHead(body !== undefined ? 200 : 404, {
        'content-type': type,
        'content-security-policy': csp(),
      })
      .end(body ?? 'not found');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, origin, pages };
}

/** The isolated-mode e2e world: a merchant site, the impcard server on another origin, Chromium. */
export interface TwoOrigins {
  site: Site;
  main: MainProcess;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Starts the merchant site (pages under the CSP docs/isolation.md gives, naming the server), the
 * impcard server as `npm start` runs it with the site's origin allowed, and Chromium.
 */
export async function startTwoOrigins(): Promise<TwoOrigins> {
  let serverUrl = '';
  const site = await listen(() => merchantCsp(serverUrl));
  const main = await startMain({ IMPCARD_ALLOWED_ORIGINS: site.origin });
  serverUrl = main.url;
  const browser = await launchChromium();
  return {
    site,
    main,
    browser,
    async close() {
      await browser.close();
      await main.stop();
      site.server.close();
    },
  };
}

/** The same world with one engine of engine-page.ts instead of Playwright's Chromium. */
export interface TwoOriginsIn extends Omit<TwoOrigins, 'browser'> {
  browser: EngineBrowser;
  /** The origins the page's CSP lets scripts and frames come from: the server's, and any proxy's. */
  servers: Set<string>;
}

export async function startTwoOriginsIn(engine: Engine): Promise<TwoOriginsIn> {
  const servers = new Set<string>();
  const site = await listen(() => merchantCsp([...servers].join(' ')));
  const main = await startMain({ IMPCARD_ALLOWED_ORIGINS: site.origin });
  servers.add(main.url);
  const browser = await launchEngine(engine);
  return {
    site,
    main,
    browser,
    servers,
    async close() {
      await browser.close();
      await main.stop();
      site.server.close();
    },
  };
}

/**
 * A merchant page's own record of its problems, served as /problems.js and loaded first: CSP
 * violations, uncaught errors and console errors and warnings, in `window.problems`. It is how the
 * page's side is checked in WebKit, whose driver cannot read the console.
 */
export const PROBLEMS_JS = String.raw`
window.problems = [];
addEventListener('securitypolicyviolation', (e) => window.problems.push('CSP ' + e.violatedDirective + ' ' + e.blockedURI));
addEventListener('error', (e) => window.problems.push('error ' + e.message));
for (const level of ['error', 'warn']) {
  const real = console[level];
  console[level] = function (...args) { window.problems.push(level + ' ' + args.map(String).join(' ')); return real.apply(this, args); };
}
`;

/**
 * What went wrong on `page`: the console as the engine reports it (page and frames) where it can,
 * and the page's own record (PROBLEMS_JS) where the page loaded it; favicon misses left out.
 */
export async function problemsOf(page: EnginePage): Promise<string[]> {
  const recorded = await page.evaluate(
    () => (window as unknown as { problems?: string[] }).problems ?? [],
  );
  return [...(page.problems ?? []), ...recorded].filter((e) => !/favicon/.test(e));
}

/**
 * How many card POSTs reached the impcard server so far, from its request log: the same count in
 * every engine, frames included (WebKit's driver sees no network traffic).
 */
export function registrationPosts(main: MainProcess): number {
  return main
    .output()
    .split('\n')
    .filter((l) => l.includes('"event":"request"') && l.includes('"method":"POST"'))
    .filter((l) => l.includes('"path":"/v1/registrations"')).length;
}

/**
 * A copy button for a merchant page (`<button id="copy">` and /copy.js): the customer copies
 * `window.copyText` with a real click, the user activation every engine's clipboard asks for.
 */
export const COPY_JS = String.raw`
addEventListener('click', (e) => {
  if (e.target.id !== 'copy') return;
  navigator.clipboard.writeText(window.copyText).then(
    () => (window.copied = true),
    (error) => (window.copied = String(error)),
  );
});
`;

/** Puts `text` on the clipboard through the page's copy button (COPY_JS). */
export async function copyOnPage(page: EnginePage, text: string): Promise<void> {
  await page.evaluate((t) => {
    Object.assign(window, { copyText: t, copied: false });
  }, text);
  await page.click('#copy');
  assert.equal(await page.waitFor(() => (window as unknown as { copied: unknown }).copied), true);
}
