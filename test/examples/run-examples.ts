// `npm run test:examples`: every project in examples/, as a merchant would use it. The package is
// packed, each example is copied out of the repository and installed from the tarball, started
// against the i'mport sandbox of its own install, and a real browser registers cards through it;
// the charge and the webhook follow. Prints one table, example × step, with the time each took,
// and exits 1 if any step failed.
//
//   node --import tsx test/examples/run-examples.ts [express hono nextjs script-tag]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../e2e/browser.ts';
import { ensureChromium } from '../ensure-packages.mjs';
import { EXAMPLES, STEPS, type ExampleRun, type Step } from './examples.ts';
import { packTarball } from './example-project.ts';

interface Cell {
  ok: boolean;
  ms: number;
}

const chosen = process.argv.slice(2);
const runs = EXAMPLES.filter((e) => chosen.length === 0 || chosen.includes(e.name));
if (runs.length === 0) {
  console.error(
    `no such example: ${chosen.join(', ')} (have ${EXAMPLES.map((e) => e.name).join(', ')})`,
  );
  process.exit(2);
}

ensureChromium();
const work = mkdtempSync(join(tmpdir(), 'impcard-examples-'));
const tarball = packTarball(work);
const browser: Browser = await launchChromium();
const table = new Map<string, Map<Step, Cell>>();
const failures: string[] = [];

async function runExample(example: ExampleRun): Promise<void> {
  const cells = new Map<Step, Cell>();
  table.set(example.name, cells);
  const cleanups: (() => Promise<void>)[] = [];
  const watched = new Map<string, () => string>();
  console.log(`\n━━ examples/${example.name} ━━`);
  try {
    await example.run({
      tarball,
      browser,
      cleanup: (fn) => cleanups.push(fn),
      watch: (name, output) => watched.set(name, output),
      async step(step, fn) {
        const started = performance.now();
        try {
          await fn();
          cells.set(step, { ok: true, ms: performance.now() - started });
          console.log(`  ✔ ${step} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
        } catch (error) {
          cells.set(step, { ok: false, ms: performance.now() - started });
          console.log(`  ✖ ${step}`);
          throw error;
        }
      },
    });
  } catch (error) {
    for (const [name, output] of watched) {
      console.log(`  ── ${name}, last lines ──\n${output().split('\n').slice(-25).join('\n')}`);
    }
    failures.push(
      `examples/${example.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  } finally {
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
  }
}

try {
  for (const example of runs) await runExample(example);
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}

const cell = (example: ExampleRun, step: Step): string => {
  if (!example.steps.includes(step)) return '–';
  const c = table.get(example.name)?.get(step);
  if (!c) return 'not run';
  return c.ok ? `✔ ${(c.ms / 1000).toFixed(1)} s` : `✖ ${(c.ms / 1000).toFixed(1)} s`;
};
const widths = [12, ...STEPS.map((s) => Math.max(s.length, 10))];
const line = (cols: string[]) => cols.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log('\n━━ examples ━━');
console.log(line(['example', ...STEPS]));
for (const example of runs)
  console.log(line([example.name, ...STEPS.map((s) => cell(example, s))]));
for (const failure of failures) console.error(`\n${failure}`);
let passed = 0;
let failed = 0;
for (const example of runs) {
  for (const step of example.steps) {
    const c = table.get(example.name)?.get(step);
    if (c?.ok) passed++;
    else failed++;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
