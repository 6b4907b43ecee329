import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('npm run sandbox (server/sandbox/main.ts)', () => {
  it('listens on SANDBOX_PORT with test controls on, prints URL and credentials (V1 and V2), exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { ...process.env, SANDBOX_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 15_000);
        child.stdout.on('data', () => {
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)[^]*test controls/.exec(out);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      assert.match(out, /imp_key=sandbox_imp_key imp_secret=sandbox_imp_secret/);
      const token = await fetch(`${url}/users/getToken`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'imp_key=sandbox_imp_key&imp_secret=sandbox_imp_secret',
      });
      assert.equal(token.status, 200);
      const secret = /PORTONE_API_SECRET=(\S+)/.exec(out)?.[1];
      assert.equal(secret, 'sandbox_portone_api_secret');
      const v2 = await fetch(`${url}/payments/none`, {
        headers: { authorization: `PortOne ${secret}` },
      });
      assert.deepEqual(await v2.json(), {
        type: 'PAYMENT_NOT_FOUND',
        message: '결제 건이 존재하지 않습니다.',
      });
      const controls = await fetch(`${url}/__sandbox/payments?merchant_uid=x`);
      assert.deepEqual(await controls.json(), { code: 0, message: null, response: [] });
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
  });
});
