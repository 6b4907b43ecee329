// Lists test files by suite, so that every runner agrees on which files are whose:
// `*.browser.test.ts` run in Chromium, Firefox and WebKit (web-test-runner), `test/e2e/**` drive a real browser from
// Node (playwright-core), the files named in SLOW are the slow Node suite, and every other
// `*.test.ts` is a Node unit/integration test.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const skip = new Set(['node_modules', 'dist', '.git', 'coverage', '.artifacts']);

/**
 * Node tests kept out of `npm run test:node` so that it stays a quick loop; `npm run test:slow`
 * runs them and `npm test` runs both. Each either runs for long by design or spends its time in a
 * whole tool (npm, tsc, vite, cem, redocly) rather than in our code.
 */
const SLOW = [
  'test/soak/soak.test.ts', // a minute of random faults, two instances, a Redis restart
  'test/soak/hostile-bodies.test.ts', // 150 bodies of 10 MB at once, four times, for memory
  // 40 uploads of 4 MB at once: whether every client reads its 413 depends on its writes not being
  // starved, so not beside 16 other files on two cores.
  'server/runtimes/node/guard-bodies.test.ts',
  'server/app/load.test.ts', // hundreds of registrations against a slowed upstream, for figures
  'server/app/refusal-cost.test.ts', // thousands of refusals through two servers, for CPU per refusal
  'test/packaging.test.ts', // npm pack, npm install --omit=dev, tsc, then the package under node
  'test/docs/typed-client.test.ts', // openapi-typescript and tsc on the docs' merchant script
  'test/types.test.ts', // tsc on the React and Vue consumers
  'test/element-docs.test.ts', // cem analyze and the TypeScript compiler on the framework types
  'test/widget-bundle.test.ts', // a vite build of the widget and cem analyze
  'test/isolated-bundle.test.ts', // vite builds of the isolated host and bridge
  'server/app/openapi/redocly-lint.test.ts', // the redocly CLI on the generated document
  'test/docs/code-samples.test.ts', // tsc on every sample of the docs, against dist's .d.ts
  'test/layering.test.ts', // npm pack --dry-run over the full build
];

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

/** @param {'unit' | 'slow' | 'browser' | 'e2e'} suite */
export function findTests(suite) {
  // A renamed slow file would otherwise drop silently into the quick suite.
  const gone = SLOW.filter((f) => !existsSync(join(root, f)));
  if (gone.length > 0)
    throw new Error(`test/find-tests.mjs lists missing files: ${gone.join(', ')}`);
  const files = ['widget', 'server', 'test'].flatMap((d) => walk(join(root, d))).sort();
  const isBrowser = (f) => f.endsWith('.browser.test.ts');
  const isE2e = (f) => f.startsWith('test/e2e/');
  const isSlow = (f) => SLOW.includes(f);
  if (suite === 'browser') return files.filter(isBrowser);
  if (suite === 'e2e') return files.filter(isE2e);
  if (suite === 'slow') return files.filter(isSlow);
  return files.filter((f) => !isBrowser(f) && !isE2e(f) && !isSlow(f));
}

export { root };
