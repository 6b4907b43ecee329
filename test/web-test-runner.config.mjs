import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { engineCommandsPlugin } from './engines/engine-commands.mjs';
import { wtrBrowsers } from './engines/wtr-browsers.mjs';
import { findTests } from './find-tests.mjs';
import { widgetStub } from './widget-stub.mjs';

const { browsers, engineOf } = wtrBrowsers();

/**
 * Prints plain closing lines after wtr's own summary: one per engine, "chromium: N passed, N
 * failed, N skipped", then the total, "N passed, N failed, N skipped" (test/run.mjs reads the last).
 */
function countsReporter() {
  let sessions;
  return {
    start(args) {
      sessions = args.sessions;
    },
    stop() {
      const counts = new Map([...engineOf.values()].map((e) => [e, [0, 0, 0]]));
      for (const s of sessions.all()) {
        const c = counts.get(engineOf.get(s.browser));
        const walk = (suite) => {
          for (const t of suite.tests) c[t.skipped ? 2 : t.passed ? 0 : 1]++;
          suite.suites.forEach(walk);
        };
        if (s.testResults) walk(s.testResults);
        if (s.errors.length > 0) c[1]++; // the file itself failed, e.g. to import
      }
      const line = ([p, f, s]) => `${p} passed, ${f} failed, ${s} skipped`;
      const total = [0, 1, 2].map((i) => [...counts.values()].reduce((n, c) => n + c[i], 0));
      process.once('exit', () => {
        for (const [engine, c] of counts) console.log(`${engine}: ${line(c)}`);
        console.log(line(total));
      });
    },
  };
}

export default {
  rootDir: fileURLToPath(new URL('..', import.meta.url)),
  files: findTests('browser'),
  nodeResolve: true,
  // The widget's stand-in server (see widget-stub.mjs): no test reaches beyond the dev server.
  middleware: [widgetStub],
  plugins: [
    engineCommandsPlugin(engineOf),
    esbuildPlugin({
      ts: true,
      // Not 'auto': for a Chrome newer than esbuild knows, 'auto' means esnext and decorators stay unlowered.
      target: 'es2022',
      // Makes esbuild honour experimentalDecorators / useDefineForClassFields.
      tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
    }),
  ],
  browsers,
  // One page at a time in Firefox and WebKit. Firefox: only the selected tab of the one active
  // window has focus. WebKit: wtr runs a WebDriver session's tests in its top-level page only at
  // concurrency 1 (its iframe mode would switch frames, which moves WebKit's focus). Headless
  // Chromium focuses every page: wtr's default (half the cores) stays.
  ...([...engineOf.values()].some((e) => e !== 'chromium') && { concurrency: 1 }),
  reporters: [defaultReporter(), countsReporter()],
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  testFramework: { config: { timeout: 10000 } },
};
