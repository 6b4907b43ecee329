import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import engineSummary, { summaryLines } from './engine-summary.mjs';
import { selectedEngines } from './selected-engines.mjs';

describe('IMPCARD_ENGINES', () => {
  it('selects all three engines by default, a subset in their own order, and refuses a typo', () => {
    assert.deepEqual(selectedEngines(undefined), ['chromium', 'firefox', 'webkit']);
    assert.deepEqual(selectedEngines(''), ['chromium', 'firefox', 'webkit']);
    assert.deepEqual(selectedEngines(' WebKit,chromium '), ['chromium', 'webkit']);
    assert.throws(() => selectedEngines('chromium,safari'), /unknown engine safari/);
  });
});

describe('the per-engine summary of the e2e run', () => {
  it('counts each test under the engine its suite (or its own name) names', async () => {
    const end = (type: string, name: string, nesting: number, extra: object = {}) => ({
      type,
      data: { name, nesting, details: {}, ...extra },
    });
    const suite = (name: string, nesting: number) =>
      end('test:pass', name, nesting, { details: { type: 'suite' } });
    // As node:test reports two files: each file's tests end before their suite does.
    const events = Readable.from([
      end('test:pass', 'types', 2),
      end('test:fail', 'pastes', 2),
      end('test:pass', 'focus', 2, { skip: 'issue item 1' }),
      suite('[webkit] isolated mode', 1),
      end('test:pass', 'types', 2),
      suite('[chromium] isolated mode', 1),
      suite('test/e2e/isolation.test.ts', 0),
      end('test:pass', '[firefox] demo', 1),
      end('test:pass', 'not an engine test', 1),
    ]);
    let out = '';
    for await (const chunk of engineSummary(events)) out += chunk;
    const counts = JSON.parse(out) as Parameters<typeof summaryLines>[0];
    assert.deepEqual(summaryLines(counts), [
      'chromium: 1 passed, 0 failed, 0 skipped',
      'firefox: 1 passed, 0 failed, 0 skipped',
      'webkit: 1 passed, 1 failed, 1 skipped',
    ]);
  });
});
