// Time to an interactive isolated form: from the merchant page's navigation start to the card
// input inside impcard's frame being focusable, with an empty cache (a first visit) and a warm one
// (a returning customer: the loader and the frame's content-hashed scripts come from the cache;
// the frame page itself is `no-store`). impcard runs as `npm start` runs it (sandbox mode); the
// merchant page is another loopback origin under the CSP docs/isolation.md gives.
//
// Engines plug in through {@link FormEngine}: Chromium (playwright-core, test/e2e/browser.ts's
// launch flags) is here; Firefox (puppeteer-core over BiDi) and WebKit (WebDriver) launchers only
// need to load a URL in a fresh or a reused profile and run the in-frame probe below.
import { launchChromium } from '../test/e2e/browser.ts';
import { listen, merchantCsp } from '../test/e2e/isolation-site.ts';
import { startMain } from '../test/e2e/start-main.ts';

/** One engine's session: loads a page and reports when the frame's form became interactive. */
export interface FormEngineSession {
  /**
   * Loads `url` in a new tab and answers the ms from its navigation start to the card input in
   * the page's impcard frame taking focus: with `cache: 'cold'` in a profile of its own with
   * nothing cached, with `'warm'` in one profile kept across calls (the caller loads once first).
   */
  timeToForm(url: string, cache: 'cold' | 'warm'): Promise<number>;
  close(): Promise<void>;
}

export interface FormEngine {
  name: string;
  launch(): Promise<FormEngineSession>;
}

/**
 * Runs in the frame (impcard's origin) from the engine's automation: resolves, on the first
 * animation frame where the card input exists and takes focus, with that moment on the epoch
 * clock (`timeOrigin + now`), comparable with the page's own `timeOrigin`.
 */
export const IN_FRAME_PROBE = `new Promise((resolve) => {
  const find = (root) => {
    const hit = root.querySelector('#card_number');
    if (hit) return hit;
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) { const inner = find(el.shadowRoot); if (inner) return inner; }
    }
    return null;
  };
  const check = () => {
    const input = find(document);
    if (input && !input.disabled) {
      input.focus();
      const root = input.getRootNode();
      if (root.activeElement === input) return resolve(performance.timeOrigin + performance.now());
    }
    requestAnimationFrame(check);
  };
  check();
})`;

export const chromiumEngine: FormEngine = {
  name: 'Chromium',
  async launch() {
    const browser = await launchChromium();
    const warm = await browser.newContext();
    return {
      async timeToForm(url, cache) {
        const context = cache === 'warm' ? warm : await browser.newContext();
        const page = await context.newPage();
        try {
          await page.goto(url, { waitUntil: 'commit' });
          const pageOrigin = await page.evaluate(() => performance.timeOrigin);
          const handle = await page.waitForSelector('imp-card-form iframe', { state: 'attached' });
          const frame = await handle.contentFrame();
          if (!frame) throw new Error('the host rendered no frame');
          // The probe runs in the frame's own page, not the about:blank it starts as.
          await frame.waitForURL(/\/frame\?origin=/, { waitUntil: 'commit' });
          const ready = await frame.evaluate<number>(IN_FRAME_PROBE);
          return ready - pageOrigin;
        } finally {
          await page.close();
          if (cache === 'cold') await context.close();
        }
      },
      async close() {
        await browser.close();
      },
    };
  },
};

export interface FormReadyRow {
  engine: string;
  cache: 'cold' | 'warm';
  medianMs: number;
  runs: number[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN;

/** Each engine's time to an interactive isolated form, cold and warm, `runs` loads each. */
export async function measureFormReady(
  engines: readonly FormEngine[],
  runs: number,
): Promise<FormReadyRow[]> {
  let serverUrl = '';
  const site = await listen(() => merchantCsp(serverUrl));
  const main = await startMain({ IMPCARD_ALLOWED_ORIGINS: site.origin });
  serverUrl = main.url;
  const rows: FormReadyRow[] = [];
  try {
    const token = await main.mint({ customer_uid: 'bench_form_ready', mode: 'billing_key' });
    site.pages.set(
      '/',
      `<!doctype html><html><head><meta charset="utf-8"><title>shop</title>` +
        `<script src="${main.url}/imp-card.js"></script></head>` +
        `<body><imp-card-form lang="en" token="${token}"></imp-card-form></body></html>`,
    );
    const url = `${site.origin}/`;
    for (const engine of engines) {
      const session = await engine.launch();
      try {
        // A first load warms the server (and, for the warm rows, fills the kept profile's cache).
        await session.timeToForm(url, 'cold');
        await session.timeToForm(url, 'warm');
        for (const cache of ['cold', 'warm'] as const) {
          const times: number[] = [];
          for (let i = 0; i < runs; i++) times.push(await session.timeToForm(url, cache));
          rows.push({ engine: engine.name, cache, medianMs: median(times), runs: times });
        }
      } finally {
        await session.close();
      }
    }
  } finally {
    await main.stop();
    site.server.close();
  }
  return rows;
}

export function printFormReady(rows: readonly FormReadyRow[], loadAverage: number): void {
  console.log(
    `\n### Time to an interactive isolated form (merchant page navigation start → the frame's card input focused; load average ${loadAverage.toFixed(1)})\n`,
  );
  console.log('| engine | cache | median ms | every run ms |');
  console.log('|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.engine} | ${r.cache} | ${r.medianMs.toFixed(0)} | ${r.runs.map((t) => t.toFixed(0)).join(', ')} |`,
    );
  }
}

if (process.argv[1]?.endsWith('form-ready.ts')) {
  const { loadavg } = await import('node:os');
  printFormReady(await measureFormReady([chromiumEngine], 5), loadavg()[0]!);
}
