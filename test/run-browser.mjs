// Runs the widget's browser tests with web-test-runner in every engine named in IMPCARD_ENGINES
// (default chromium,firefox,webkit), one engine after the other: Debian's Chromium headless, then
// Firefox ESR and WebKitGTK headful on a private Xvfb display this script starts (with
// WebKitWebDriver for WebKit) and stops. One wtr per engine rather than all three in one wtr: on
// two busy cores all three at once were faster (128 s against 176-199 s) but timed out Chromium's
// longest test in one run of two; one after the other, no engine starves another.
// Prints each engine's "engine: N passed, N failed, N skipped", then the total.
import { spawn } from 'node:child_process';
import { findTests, root } from './find-tests.mjs';
import { ensureChromium, ensureFirefoxAndWebKit } from './ensure-packages.mjs';
import { selectedEnginesOrExit } from './engines/selected-engines.mjs';
import { startDisplay } from './engines/start-display.mjs';
import { startWebKit } from './engines/start-webkit.mjs';

if (findTests('browser').length === 0) {
  console.log('no browser test files yet');
  console.log('0 passed, 0 failed');
  process.exit(0);
}
const engines = selectedEnginesOrExit();
if (engines.includes('chromium')) ensureChromium();
if (engines.some((e) => e !== 'chromium')) ensureFirefoxAndWebKit();

const extra = process.argv.slice(2);
const args = [
  '--config',
  'test/web-test-runner.config.mjs',
  ...(process.env.CI ? ['--static-logging'] : []),
  ...extra,
];

/** One wtr run in `engine`; resolves with its exit code and its closing counts line. */
function wtr(engine, env) {
  return new Promise((resolve) => {
    const child = spawn('node_modules/.bin/wtr', args, {
      cwd: root,
      stdio: ['inherit', 'pipe', 'inherit'],
      env: { ...process.env, ...env, IMPCARD_ENGINES: engine },
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('close', (code) => {
      const m = [
        ...out.matchAll(
          new RegExp(`^${engine}: (\\d+) passed, (\\d+) failed, (\\d+) skipped`, 'gm'),
        ),
      ].at(-1);
      resolve({ code: code ?? 1, counts: m ? m.slice(1, 4).map(Number) : undefined });
    });
  });
}

const results = [];
let display;
let webkit;
try {
  for (const engine of engines) {
    const env = {};
    if (engine !== 'chromium') {
      display ??= await startDisplay();
      env.IMPCARD_DISPLAY = display.display;
    }
    if (engine === 'webkit') {
      webkit = await startWebKit({ display: display.display });
      env.IMPCARD_WEBKIT = `${webkit.hostname}:${webkit.port}`;
    }
    const started = Date.now();
    const r = await wtr(engine, env);
    results.push({ engine, ...r, seconds: (Date.now() - started) / 1000 });
    await webkit?.stop();
    webkit = undefined;
  }
} finally {
  await webkit?.stop();
  await display?.stop();
}

console.log('');
const total = [0, 0, 0];
for (const { engine, code, counts, seconds } of results) {
  // A run that ended without its counts (a browser that did not start) counts as one failure.
  const [p, f, s] = counts ?? [0, 1, 0];
  total[0] += p;
  total[1] += f || (code === 0 ? 0 : 1);
  total[2] += s;
  console.log(`${engine}: ${p} passed, ${f} failed, ${s} skipped (${seconds.toFixed(1)}s)`);
}
console.log(`${total[0]} passed, ${total[1]} failed, ${total[2]} skipped`);
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
