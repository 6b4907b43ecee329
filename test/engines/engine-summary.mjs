// A node:test reporter that counts the e2e tests per engine, for one summary line per engine after
// the spec reporter's totals. A test belongs to the engine its own name, or the name of the suite
// around it, starts with: "[chromium] …", "[firefox] …", "[webkit] …". Reporters see a test's end
// before its suite's, so tests wait in `pending` until a suite claims them by nesting.
import { ENGINES } from './selected-engines.mjs';

const engineOf = (name) => /^\[([a-z]+)\]/.exec(name)?.[1];

/** "chromium: 12 passed, 0 failed, 1 skipped", one line per engine that ran a test. */
export function summaryLines(counts) {
  return ENGINES.filter((e) => counts[e]).map((e) => {
    const c = counts[e];
    return `${e}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
  });
}

export default async function* engineSummary(source) {
  const counts = {};
  const count = (engine, outcome) => {
    counts[engine] ??= { passed: 0, failed: 0, skipped: 0 };
    counts[engine][outcome] += 1;
  };
  let pending = [];
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, nesting, details, skip, todo } = event.data;
    if (details?.type === 'suite') {
      const engine = engineOf(name);
      if (!engine) continue;
      for (const test of pending.filter((t) => t.nesting > nesting)) count(engine, test.outcome);
      pending = pending.filter((t) => t.nesting <= nesting);
      continue;
    }
    const outcome =
      event.type === 'test:fail'
        ? 'failed'
        : skip !== undefined || todo !== undefined
          ? 'skipped'
          : 'passed';
    const engine = engineOf(name);
    if (engine) count(engine, outcome);
    else pending.push({ nesting, outcome });
  }
  yield JSON.stringify(counts);
}
