// `npm test`: every check the project has, in order, each streamed as it runs, then one closing
// table and a plain "N passed, N failed" line summing the test runners' own counts.
import { spawn } from 'node:child_process';
import { root } from './find-tests.mjs';
import { ensureChromium, ensureFirefoxAndWebKit, ensureRedis } from './ensure-packages.mjs';
import { selectedEnginesOrExit } from './engines/selected-engines.mjs';

const steps = [
  // Once for every step after it (IMPCARD_BUILT): the servers under test serve dist/'s widget.
  { name: 'build', cmd: ['npm', 'run', '--silent', 'build'] },
  { name: 'typecheck', cmd: ['node_modules/.bin/tsc', '-p', 'tsconfig.json'] },
  { name: 'lint', cmd: ['npm', 'run', '--silent', 'lint'] },
  { name: 'node tests', cmd: ['node', 'test/run-node.mjs', 'unit'] },
  { name: 'slow node tests', cmd: ['node', 'test/run-node.mjs', 'slow'] },
  { name: 'browser tests', cmd: ['node', 'test/run-browser.mjs'] },
  { name: 'end-to-end tests', cmd: ['node', 'test/run-node.mjs', 'e2e'] },
];

/** Reads a runner's counts from its closing lines: node:test's spec reporter or "N passed, N failed". */
function counts(output) {
  // eslint-disable-next-line no-control-regex
  const text = output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
  const plain = [...text.matchAll(/^(\d+) passed, (\d+) failed/gm)].at(-1);
  if (plain) return { passed: Number(plain[1]), failed: Number(plain[2]) };
  const pass = [...text.matchAll(/^[ℹ#] pass (\d+)/gm)].at(-1);
  const fail = [...text.matchAll(/^[ℹ#] fail (\d+)/gm)].at(-1);
  if (pass || fail) return { passed: Number(pass?.[1] ?? 0), failed: Number(fail?.[1] ?? 0) };
  return null;
}

function run(step) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(step.cmd[0], step.cmd.slice(1), {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', IMPCARD_BUILT: '1' },
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      output += d;
      process.stderr.write(d);
    });
    child.on('close', (code) =>
      resolve({ code: code ?? 1, output, seconds: (Date.now() - started) / 1000 }),
    );
  });
}

ensureChromium();
ensureRedis();
// Before the build, not minutes later in the browser tests: a missing engine stops at once.
if (selectedEnginesOrExit().some((e) => e !== 'chromium')) ensureFirefoxAndWebKit();
const results = [];
for (const step of steps) {
  console.log(`\n━━ ${step.name} ━━`);
  const r = await run(step);
  results.push({ step, ...r, counts: counts(r.output) });
}

console.log('\n━━ summary ━━');
let passed = 0;
let failed = 0;
for (const r of results) {
  const c = r.counts;
  if (c) {
    passed += c.passed;
    failed += c.failed;
  }
  const status = r.code === 0 ? 'ok' : `FAILED (exit ${r.code})`;
  const detail = c ? `${c.passed} passed, ${c.failed} failed` : '';
  console.log(
    `${r.step.name.padEnd(18)} ${status.padEnd(16)} ${detail.padEnd(26)} ${r.seconds.toFixed(1)}s`,
  );
  // A step that failed without counting a test failure (type errors, lint, a crash) still counts once.
  if (r.code !== 0 && (!c || c.failed === 0)) failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
