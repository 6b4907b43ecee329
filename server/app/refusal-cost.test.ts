// The refusal path's per-request work must not grow again (docs/performance.md): what a flood of
// malformed bodies, forged tokens or a rate-limited client costs impcard, beside bare Hono making
// the same refusal in the same process (bench/refusal-cost.ts). Two measures, neither a timing
// on the wall clock: async resources made per refusal (promises, ticks: a count, the same on any
// machine) and CPU time per refusal as a multiple of bare Hono's (both slowed alike by a busy
// machine). Each bound is about 3x what the refusal path measured after its diet, so only a real
// step back fails it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measureRefusalCost } from '../../bench/refusal-cost.ts';

/**
 * Measured when the bounds were set (Node 20, in-process, the raw-socket client's share
 * included): async resources per refusal 35 to 64 for impcard against 12 to 37 for bare Hono, and
 * impcard's CPU 1.4 to 2.5 times bare Hono's (at load averages from 4 to 26).
 */
const MAX_ASYNC_PER_REFUSAL = 200;
const MAX_CPU_OVER_BARE_HONO = 7.5;

describe('the refusal path', () => {
  it('makes a bounded number of async resources and costs a bounded multiple of bare Hono per refusal', async () => {
    const costs = await measureRefusalCost({ rounds: 2, perRound: 200 });
    assert.equal(costs.length, 4);
    for (const cost of costs) {
      assert.ok(
        cost.impcardAsync <= MAX_ASYNC_PER_REFUSAL,
        `${cost.kind}: ${cost.impcardAsync} async resources per refusal`,
      );
      assert.ok(
        cost.ratio <= MAX_CPU_OVER_BARE_HONO,
        `${cost.kind}: ${cost.impcardUs.toFixed(0)} µs of CPU against bare Hono's ${cost.bareUs.toFixed(0)} µs`,
      );
    }
  });
});
