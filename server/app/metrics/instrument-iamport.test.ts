import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createInProcessIamport } from '../../testing/index.ts';
import { instrumentIamport } from './instrument-iamport.ts';
import { createServerMetrics } from './server-metrics.ts';

describe('instrumentIamport', () => {
  it('counts each operation and carries the client’s clock through, as measured after wrapping', async () => {
    const { iamport } = createInProcessIamport({ sandbox: { now: () => Date.now() - 10_000 } });
    const metrics = createServerMetrics();
    const wrapped = instrumentIamport(iamport, metrics);
    assert.equal(wrapped.clock?.skewMs, 0, 'nothing measured before the first token');
    await wrapped.ensureToken();
    assert.ok(
      Math.abs((wrapped.clock?.skewMs ?? 0) + 10_000) < 1000,
      String(wrapped.clock?.skewMs),
    );
    assert.equal(
      wrapped.clock?.serverSecondsAt(1_700_000_000_000),
      iamport.clock.serverSecondsAt(1_700_000_000_000),
    );
    assert.match(
      metrics.registry.render(),
      /impcard_upstream_request_duration_seconds_count\{endpoint="POST \/users\/getToken",status="ok"\} 1/,
    );
  });

  it('leaves a client without a clock without one', () => {
    const { iamport } = createInProcessIamport();
    const { clock: _clock, ...bare } = iamport;
    assert.equal(instrumentIamport(bare, createServerMetrics()).clock, undefined);
  });
});
