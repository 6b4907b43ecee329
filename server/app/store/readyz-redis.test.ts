// GET /readyz with the real Redis store: ready while Redis runs, 503 once it is stopped.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createHarness, json } from '../../testing/index.ts';
import { createRedisStore } from './redis-store.ts';

const REDIS = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';
const skip = existsSync(REDIS) ? false : `${REDIS} is missing: readiness-with-Redis test skipped`;

async function freePort(): Promise<number> {
  const server = createNetServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

describe('GET /readyz with the Redis store', { skip }, () => {
  it('is ready while Redis runs and answers 503 (store failed) once Redis is stopped', async () => {
    const port = await freePort();
    const redis = spawn(
      REDIS,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let out = '';
      redis.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const deadline = Date.now() + 10_000;
      while (!out.includes('Ready to accept connections')) {
        if (Date.now() > deadline || redis.exitCode !== null) throw new Error(out);
        await new Promise((r) => setTimeout(r, 50));
      }
      const store = await createRedisStore({ url: `redis://127.0.0.1:${port}` });
      const h = createHarness({ store });
      assert.equal((await h.app.request('/readyz')).status, 200);

      redis.kill('SIGTERM');
      await once(redis, 'exit');
      const down = await h.app.request('/readyz');
      assert.equal(down.status, 503);
      assert.deepEqual(await json(down), {
        status: 'not_ready',
        checks: { store: 'failed', iamport: 'ok' },
      });
      await store.close?.();
    } finally {
      if (redis.exitCode === null) redis.kill('SIGTERM');
    }
  });
});
