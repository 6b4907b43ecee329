// Runs the widget's browser tests in Debian's Chromium with web-test-runner.
import { spawnSync } from 'node:child_process';
import { findTests, root } from './find-tests.mjs';
import { ensureChromium } from './ensure-packages.mjs';

if (findTests('browser').length === 0) {
  console.log('no browser test files yet');
  console.log('0 passed, 0 failed');
  process.exit(0);
}
ensureChromium();
const extra = process.argv.slice(2);
const args = [
  '--config',
  'test/web-test-runner.config.mjs',
  ...(process.env.CI ? ['--static-logging'] : []),
  ...extra,
];
const result = spawnSync('node_modules/.bin/wtr', args, { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
