import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher, defaultReporter } from '@web/test-runner';
import { chromiumArgs, chromiumPath } from './ensure-packages.mjs';
import { findTests } from './find-tests.mjs';
import { widgetStub } from './widget-stub.mjs';

/** Prints one plain closing line, "N passed, N failed, N skipped", after wtr's own summary. */
function countsReporter() {
  let sessions;
  return {
    start(args) {
      sessions = args.sessions;
    },
    stop() {
      let passed = 0;
      let failed = 0;
      let skipped = 0;
      const walk = (suite) => {
        for (const t of suite.tests) {
          if (t.skipped) skipped++;
          else if (t.passed) passed++;
          else failed++;
        }
        suite.suites.forEach(walk);
      };
      for (const s of sessions.all()) {
        if (s.testResults) walk(s.testResults);
        if (s.errors.length > 0) failed++; // the file itself failed, e.g. to import
      }
      process.once('exit', () =>
        console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`),
      );
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
    esbuildPlugin({
      ts: true,
      // Not 'auto': for a Chrome newer than esbuild knows, 'auto' means esnext and decorators stay unlowered.
      target: 'es2022',
      // Makes esbuild honour experimentalDecorators / useDefineForClassFields.
      tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
    }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumArgs,
      },
    }),
  ],
  reporters: [defaultReporter(), countsReporter()],
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  testFramework: { config: { timeout: 10000 } },
};
