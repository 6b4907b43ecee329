// GET /readyz with the real Redis store: ready while Redis runs, 503 once it is stopped.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHarness, json, redisMissing, startRedis } from '../../testing/index.ts';
import { createRedisStore } from './redis-store.ts';

describe('GET /readyz with the Redis store', { skip: redisMissing }, () => {
  it('is ready while Redis runs and answers 503 (store failed) once Redis is stopped', async () => {
    const redis = await startRedis();
    try {
      const store = await createRedisStore({ url: redis.url });
      const h = createHarness({ store });
      assert.equal((await h.app.request('/readyz')).status, 200);

      await redis.stop();
      const down = await h.app.request('/readyz');
      assert.equal(down.status, 503);
      assert.deepEqual(await json(down), {
        status: 'not_ready',
        checks: { store: 'failed', iamport: 'ok' },
      });
      await store.close?.();
    } finally {
      await redis.stop();
    }
  });
});
