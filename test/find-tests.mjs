// Lists test files by suite, so that every runner agrees on which files are whose:
// `*.browser.test.ts` run in Chromium (web-test-runner), `test/e2e/**` drive a real browser from
// Node (playwright-core), every other `*.test.ts` is a Node unit/integration test.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const skip = new Set(['node_modules', 'dist', '.git', 'coverage', '.artifacts']);

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

/** @param {'unit' | 'browser' | 'e2e'} suite */
export function findTests(suite) {
  const files = ['widget', 'server', 'test'].flatMap((d) => walk(join(root, d))).sort();
  const isBrowser = (f) => f.endsWith('.browser.test.ts');
  const isE2e = (f) => f.startsWith('test/e2e/');
  if (suite === 'browser') return files.filter(isBrowser);
  if (suite === 'e2e') return files.filter(isE2e);
  return files.filter((f) => !isBrowser(f) && !isE2e(f));
}

export { root };
