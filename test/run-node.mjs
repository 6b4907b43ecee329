// Runs the Node test suites with node:test through tsx. Node 20 neither expands quoted globs nor
// finds .ts files by itself, so the file list comes from find-tests.mjs.
import { spawnSync } from 'node:child_process';
import { findTests, root } from './find-tests.mjs';
import { ensureChromium, ensureRedis } from './ensure-packages.mjs';

const suite = process.argv[2] === 'e2e' ? 'e2e' : 'unit';
const files = findTests(suite).filter(
  (f) => process.argv.length <= 3 || process.argv.slice(3).some((a) => f.includes(a)),
);
if (files.length === 0) {
  console.log(`no ${suite} test files yet`);
  console.log('0 passed, 0 failed');
  process.exit(0);
}
if (suite === 'e2e') ensureChromium();
else if (files.some((f) => f.includes('redis'))) ensureRedis();
// Both suites run what dist/ holds (createServer serves the widget from it; the packaging test
// packs it): build it from the current sources once, unless `npm test` just did.
if (process.env.IMPCARD_BUILT !== '1') {
  const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const args = [
  '--import',
  'tsx',
  '--test',
  '--test-reporter=spec',
  '--test-timeout=300000',
  ...files,
];
const result = spawnSync(process.execPath, args, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, IMPCARD_BUILT: '1' },
});
process.exit(result.status ?? 1);
