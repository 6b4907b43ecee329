// Runs the Node test suites with node:test through tsx. Node 20 neither expands quoted globs nor
// finds .ts files by itself, so the file list comes from find-tests.mjs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTests, root } from './find-tests.mjs';
import { ensureChromium, ensureFirefoxAndWebKit, ensureRedis } from './ensure-packages.mjs';
import { summaryLines } from './engines/engine-summary.mjs';
import { selectedEngines } from './engines/selected-engines.mjs';

const suite = ['e2e', 'slow'].includes(process.argv[2]) ? process.argv[2] : 'unit';
const files = findTests(suite).filter(
  (f) => process.argv.length <= 3 || process.argv.slice(3).some((a) => f.includes(a)),
);
if (files.length === 0) {
  console.log(`no ${suite} test files yet`);
  console.log('0 passed, 0 failed');
  process.exit(0);
}
if (suite === 'e2e') {
  // The e2e tests run in each engine IMPCARD_ENGINES names (all three by default).
  const engines = selectedEngines();
  if (engines.includes('chromium')) ensureChromium();
  if (engines.includes('firefox') || engines.includes('webkit')) ensureFirefoxAndWebKit();
}
// The soak runs its two instances against a real Redis too.
else if (files.some((f) => f.includes('redis') || f.includes('soak'))) ensureRedis();
// Every suite runs what dist/ holds (createServer serves the widget from it; the packaging test
// packs it): build it from the current sources once, unless `npm test` just did. The unit suite
// reads only the built widget, which takes a few seconds of the whole build's twenty (tsc emitting
// dist/server is most of it).
if (process.env.IMPCARD_BUILT !== '1') {
  const script = suite === 'unit' ? 'build:widget' : 'build';
  const built = spawnSync('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
// Node 20 runs one file at a time on two cores (availableParallelism() - 1). Most unit files spend
// their time waiting on sockets and timers, not on the CPU, so more files than cores run at once:
// on two shared cores, 8 at once took 64-71 s where 4 took 73-113 s. Capped: each file is a Node
// process of about 100 MB.
const concurrency = {
  unit: Math.min(availableParallelism() * 4, 16),
  slow: 2, // the soak's minute beside the others, one after another
  e2e: null, // each file drives its own Chromium: Node's default
}[suite];
// The e2e suite also counts its tests per engine (engines/engine-summary.mjs), into a file read
// after the run, so node:test's own totals stay where test/run.mjs looks for them.
const summaryDir = suite === 'e2e' ? mkdtempSync(join(tmpdir(), 'impcard-engines-')) : null;
const summaryFile = summaryDir && join(summaryDir, 'engines.json');
const args = [
  '--import',
  'tsx',
  '--test',
  '--test-reporter=spec',
  ...(summaryFile
    ? [
        '--test-reporter-destination=stdout',
        '--test-reporter=./test/engines/engine-summary.mjs',
        `--test-reporter-destination=${summaryFile}`,
      ]
    : []),
  '--test-timeout=300000',
  ...(concurrency ? [`--test-concurrency=${concurrency}`] : []),
  ...files,
];
const result = spawnSync(process.execPath, args, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, IMPCARD_BUILT: '1' },
});
if (summaryFile) {
  try {
    for (const line of summaryLines(JSON.parse(readFileSync(summaryFile, 'utf8'))))
      console.log(line);
  } catch {
    console.log('no per-engine counts (the run ended before its reporters did)');
  }
  rmSync(summaryDir, { recursive: true, force: true });
}
process.exit(result.status ?? 1);
