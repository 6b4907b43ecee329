// `impcard check` against the real sandbox over HTTP (and a real redis-server when installed):
// a correct environment passes, each misconfiguration is named on its own line with its fix.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { redisMissing, startRedis, type TestRedis } from '../../../testing/index.ts';
import { DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, startSandbox } from '../../../sandbox/index.ts';
import type { RunningSandbox } from '../../../sandbox/index.ts';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isConfigError } from '../../../app/config-error.ts';
import { startNodeServer } from '../start-node-server.ts';
import { checkCommand, formatCheck } from './check-command.ts';
import { runChecks, type CheckResult } from './run-checks.ts';

const CLI = fileURLToPath(new URL('../../cli.ts', import.meta.url));

let sandbox: RunningSandbox;
let goodEnv: Record<string, string>;
before(async () => {
  sandbox = await startSandbox();
  goodEnv = {
    IMP_KEY: DEFAULT_IMP_KEY,
    IMP_SECRET: DEFAULT_IMP_SECRET,
    IMP_API_URL: sandbox.url,
    IMP_INCLUDE_SANDBOX: 'true',
    IMPCARD_PG: 'kcp.T0000',
    IMPCARD_PUBLIC_URL: 'https://shop.example/payments/',
    IMPCARD_ALLOWED_ORIGINS: 'https://shop.example,https://www.shop.example',
    IMPCARD_TOKEN_SECRET: 'q3Vx9_Lm2ZpR8tWc4YbN7hKd1FsGj6Ue0AoXiTyBvQE',
    IMPCARD_API_KEY: 'mk_7Hs2Pq9Lx4Rt8Wz1Nc6Vb3',
    NODE_ENV: 'production',
  };
});
after(() => sandbox.close());

const lineOf = (results: CheckResult[], subject: string, status: CheckResult['status']) =>
  results.filter((r) => r.subject === subject && r.status === status);

describe('impcard check', () => {
  it('passes a correct environment against the sandbox (the memory store aside)', async () => {
    const results = await runChecks(goodEnv);
    // Under production rules the memory store is a warning (fully green with Redis: below).
    const bad = results.filter(
      (r) => (r.status === 'fail' || r.status === 'warn') && r.subject !== 'REDIS_URL',
    );
    assert.deepEqual(bad, [], bad.map((r) => formatCheck(r, false)).join('\n'));
    for (const subject of [
      'IMP_KEY/IMP_SECRET',
      'IMPCARD_PG',
      'PG channel',
      'IMPCARD_PUBLIC_URL',
      'IMPCARD_ALLOWED_ORIGINS',
      'IMPCARD_TOKEN_SECRET',
      'IMPCARD_API_KEY',
    ]) {
      assert.equal(lineOf(results, subject, 'pass').length, 1, `${subject} passed`);
    }
    // The mount prefix is kept in the webhook URL the merchant pastes into the console.
    assert.match(
      lineOf(results, 'webhook URL', 'info')[0]?.message ?? '',
      /^https:\/\/shop\.example\/payments\/v1\/webhooks\/iamport /,
    );
    // One getToken and one channel listing, nothing else.
    assert.equal(sandbox.sandbox.callCount('/users/getToken', 'POST'), 1);
    assert.equal(sandbox.sandbox.callCount('/users/pg', 'GET'), 1);
  });

  it('names each misconfiguration on one line with its fix, and exits 1', async () => {
    const env = {
      ...goodEnv,
      IMP_SECRET: 'not-the-secret',
      IMPCARD_PG: 'nicepay',
      IMPCARD_PUBLIC_URL: '',
      IMPCARD_ALLOWED_ORIGINS: 'http://shop.example',
      IMPCARD_TOKEN_SECRET: 'abababababababababababababababababab',
    };
    const lines: string[] = [];
    const code = await checkCommand(env, { print: (l) => lines.push(l), tty: false });
    assert.equal(code, 1);
    const failing = lines.filter((l) => l.startsWith('[FAIL]'));
    const expected: [string, RegExp][] = [
      ['IMP_KEY/IMP_SECRET', /refused .*\(401\) → .*IMP_KEY and IMP_SECRET.*내 식별코드・API Keys/],
      ['IMPCARD_PG', /"nicepay" is not an i'mport PG code.* → set IMPCARD_PG/],
      ['IMPCARD_PUBLIC_URL', /is not set.* → set IMPCARD_PUBLIC_URL=/],
      [
        'IMPCARD_ALLOWED_ORIGINS',
        /"http:\/\/shop\.example" is not https.* → .*IMPCARD_ALLOWED_ORIGINS/,
      ],
      ['IMPCARD_TOKEN_SECRET', /repetitive .* → set IMPCARD_TOKEN_SECRET/],
    ];
    for (const [subject, pattern] of expected) {
      const named = failing.filter((l) => l.startsWith(`[FAIL] ${subject}: `));
      assert.equal(named.length, 1, `one line for ${subject} in:\n${lines.join('\n')}`);
      assert.match(named[0]!, pattern);
    }
    assert.equal(failing.length, expected.length, lines.join('\n'));
    assert.match(lines.at(-1)!, /^5 problems to fix/);
    // The secrets are never printed.
    assert.ok(!lines.join('\n').includes('not-the-secret'));
    assert.ok(!lines.join('\n').includes(goodEnv.IMPCARD_API_KEY!));
  });

  it('fails a PG the console has no key-in channel for, naming the ones it has', async () => {
    const results = await runChecks({ ...goodEnv, IMPCARD_PG: 'kcp.A52CY' });
    const [line] = lineOf(results, 'PG channel', 'fail');
    assert.match(line?.message ?? '', /no REST key-in channel "kcp\.A52CY".*kcp\.T0000/);
    assert.match(line?.fix ?? '', /IMPCARD_PG/);
  });

  it('fails a window-only PG and warns of one that needs a first payment', async () => {
    const windowOnly = await runChecks({ ...goodEnv, IMPCARD_PG: 'kakaopay' });
    assert.match(
      lineOf(windowOnly, 'IMPCARD_PG', 'fail')[0]?.message ?? '',
      /does not accept card details/,
    );
    const paymentwall = await runChecks({ ...goodEnv, IMPCARD_PG: 'paymentwall' });
    assert.match(
      lineOf(paymentwall, 'IMPCARD_PG', 'warn')[0]?.message ?? '',
      /only with a first payment/,
    );
  });

  it('warns when a test channel is checked without IMP_INCLUDE_SANDBOX', async () => {
    const results = await runChecks({ ...goodEnv, IMP_INCLUDE_SANDBOX: '' });
    assert.match(
      lineOf(results, 'IMP_INCLUDE_SANDBOX', 'warn')[0]?.fix ?? '',
      /IMP_INCLUDE_SANDBOX=true/,
    );
  });

  it('holds the token secret to 32 characters and warns below an estimated 256 bits', async () => {
    const short = await runChecks({ ...goodEnv, IMPCARD_TOKEN_SECRET: 'q3Vx9_Lm2ZpR8tWc' });
    assert.match(lineOf(short, 'IMPCARD_TOKEN_SECRET', 'fail')[0]?.message ?? '', /16 characters/);
    // 32 hex characters are 128 bits.
    const hex = await runChecks({
      ...goodEnv,
      IMPCARD_TOKEN_SECRET: '9f86d081884c7d659a2feaa0c55ad015',
    });
    assert.match(lineOf(hex, 'IMPCARD_TOKEN_SECRET', 'warn')[0]?.message ?? '', /about 128 bits/);
  });

  it('without IMP_KEY says impcard would run in sandbox mode', async () => {
    const results = await runChecks({ ...goodEnv, IMP_KEY: '' });
    assert.match(lineOf(results, 'IMP_KEY/IMP_SECRET', 'fail')[0]?.message ?? '', /sandbox mode/);
  });

  it('warns of the memory store under production rules', async () => {
    const results = await runChecks(goodEnv);
    assert.match(
      lineOf(results, 'REDIS_URL', 'warn')[0]?.fix ?? '',
      /several instances.*REDIS_URL/,
    );
  });
});

describe('impcard check and start-up agree', () => {
  // Every call the check makes goes to the sandbox; anything else would be a bug of the test.
  const loopbackOnly: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname !== '127.0.0.1') throw new Error(`test called ${url.host}`);
    return fetch(input, init);
  };
  const printed = async (env: Record<string, string>) => {
    const lines: string[] = [];
    await checkCommand(env, { print: (l) => lines.push(l), tty: false });
    return lines;
  };

  const refused: [string, string][] = [
    ['IMPCARD_PG', 'kcp.'],
    ['IMPCARD_METRICS_TOKEN', 'short'],
    ['IMP_API_URL', '127.0.0.1:8788'],
    ['IMP_INCLUDE_SANDBOX', 'yes'],
    ['IMPCARD_PUBLIC_URL', '/'],
    ['IMPCARD_ALLOWED_ORIGINS', 'shop.example'],
    ['IMPCARD_RATE_LIMIT_IP', '0/60'],
    ['IMPCARD_TOKEN_SECRET', 'short'],
  ];
  for (const [variable, value] of refused) {
    it(`fails ${variable}=${value}, which start-up refuses`, async () => {
      const env = { ...goodEnv, PORT: '0', [variable]: value };
      await assert.rejects(
        startNodeServer(env, { print: () => {}, logger: () => {} }).then(async (running) => {
          await running.close();
          return running;
        }),
        (error: unknown) => isConfigError(error) && error.variable === variable,
      );
      const results = await runChecks(env, { fetch: loopbackOnly });
      const failing = results.filter((r) => r.status === 'fail');
      assert.ok(
        failing.some((r) => r.subject.split('/').includes(variable)),
        results.map((r) => formatCheck(r, false)).join('\n'),
      );
      // Nothing beside the refusal passes, warns of or reads the refused value.
      assert.deepEqual(
        results.filter((r) => r.subject === variable && r.status !== 'fail'),
        [],
      );
    });
  }

  it('says a PG code with nothing after the dot is refused, as start-up does', async () => {
    const [line] = lineOf(
      await runChecks({ ...goodEnv, IMPCARD_PG: 'kcp.' }),
      'IMPCARD_PG',
      'fail',
    );
    assert.match(line?.message ?? '', /"kcp\." has nothing after the dot/);
  });

  it('says an IMP_API_URL without a scheme is refused, and does not call it', async () => {
    const lines = await printed({ ...goodEnv, IMP_API_URL: '127.0.0.1:8788' });
    assert.match(
      lines.join('\n'),
      /^\[FAIL\] IMP_API_URL: must be an http:\/\/ or https:\/\/ URL/m,
    );
    assert.match(lines.join('\n'), /^\[info\] IMP_KEY\/IMP_SECRET: not tried/m);
    assert.doesNotMatch(lines.join('\n'), /getToken|ERR_INVALID_URL/);
  });

  it("takes i'mport's API however its URL is spelled for production", async () => {
    // No IMP_KEY: nothing is called, whatever the URL.
    for (const url of [
      'https://API.iamport.kr',
      'https://api.iamport.kr:443/',
      'https://api.iamport.kr.',
    ]) {
      const results = await runChecks({ IMP_API_URL: url }, { fetch: loopbackOnly });
      assert.match(lineOf(results, 'rules', 'info')[0]?.message ?? '', /^production/, url);
    }
    const local = await runChecks({ IMP_API_URL: sandbox.url }, { fetch: loopbackOnly });
    assert.match(lineOf(local, 'rules', 'info')[0]?.message ?? '', /^development/);
  });

  it('prints no user or password of a URL', async () => {
    const env = {
      ...goodEnv,
      NODE_ENV: '',
      IMP_API_URL: sandbox.url.replace('http://', 'http://merchant:pw-s3cr3t@'),
      IMPCARD_ALLOWED_ORIGINS: 'https://ops:origin-s3cr3t@shop.example',
    };
    const lines = await printed(env);
    assert.doesNotMatch(lines.join('\n'), /s3cr3t|merchant:/, lines.join('\n'));
    assert.match(lines.join('\n'), /IMP_API_URL=http:\/\/\*\*\*@127\.0\.0\.1/);
  });

  it('prints every detail on one line, even an error message of several', async () => {
    // TLS to a plain HTTP server: OpenSSL's message ends in a newline.
    const http = createHttpServer((_, res) => res.end('not redis')).listen(0, '127.0.0.1');
    await once(http, 'listening');
    try {
      const { port } = http.address() as AddressInfo;
      const lines = await printed({ ...goodEnv, REDIS_URL: `rediss://127.0.0.1:${port}` });
      const redis = lines.filter((l) => l.startsWith('[FAIL] REDIS_URL: '));
      assert.equal(redis.length, 1, lines.join('\n'));
      for (const line of lines) assert.doesNotMatch(line, /\n|\s$/, JSON.stringify(line));
    } finally {
      http.close();
    }
  });

  it('with an unreadable IMP_INCLUDE_SANDBOX says only that', async () => {
    const lines = await printed({ ...goodEnv, IMP_INCLUDE_SANDBOX: 'yes' });
    const about = lines.filter((l) => l.includes('IMP_INCLUDE_SANDBOX'));
    assert.equal(about.length, 1, lines.join('\n'));
    assert.match(about[0]!, /^\[FAIL\] IMP_INCLUDE_SANDBOX: must be true or false/);
  });

  it('says IMPCARD_PUBLIC_URL=/ is no URL rather than unset', async () => {
    const results = await runChecks({ ...goodEnv, IMPCARD_PUBLIC_URL: '/' });
    const [line] = lineOf(results, 'IMPCARD_PUBLIC_URL', 'fail');
    assert.doesNotMatch(line?.message ?? '', /not set/);
    assert.match(line?.message ?? '', /not an http\(s\) URL/);
    assert.deepEqual(lineOf(results, 'webhook URL', 'info'), []);
  });
});

describe('impcard check with a real Redis', { skip: redisMissing }, () => {
  let withAof: TestRedis;
  let without: TestRedis;
  before(async () => {
    [withAof, without] = await Promise.all([
      startRedis({ appendonly: true }),
      startRedis({ appendonly: false }),
    ]);
  });
  after(async () => {
    await Promise.all([withAof.stop(), without.stop()]);
  });

  it('passes a Redis with AOF', async () => {
    const results = await runChecks({ ...goodEnv, REDIS_URL: withAof.url });
    assert.equal(lineOf(results, 'REDIS_URL', 'pass').length, 1);
    assert.match(lineOf(results, 'Redis persistence', 'pass')[0]?.message ?? '', /appendonly yes/);
    assert.deepEqual(
      results.filter((r) => r.status === 'fail' || r.status === 'warn'),
      [],
    );
  });

  it('fails a Redis without persistence, and an unreachable one', async () => {
    const off = await runChecks({ ...goodEnv, REDIS_URL: without.url });
    assert.match(lineOf(off, 'Redis persistence', 'fail')[0]?.fix ?? '', /appendonly yes/);
    await without.stop();
    const gone = await runChecks({ ...goodEnv, REDIS_URL: without.url });
    assert.match(
      lineOf(gone, 'REDIS_URL', 'fail')[0]?.message ?? '',
      /not reachable \(.*ECONNREFUSED/,
    );
  });
});

describe('impcard check as a process', () => {
  async function run(
    env: Record<string, string>,
  ): Promise<{ code: number | null; out: string; err: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'check'], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    return { code, out, err };
  }

  it('exits 0 on a correct environment and 1, without a stack trace, on a broken one', async () => {
    const good = await run({ ...goodEnv, IMPCARD_ALLOWED_ORIGINS: 'https://shop.example' });
    assert.equal(good.code, 0, good.out + good.err);
    assert.match(good.out, /^\[ok\] {3}IMP_KEY\/IMP_SECRET: accepted/m);

    const broken = await run({ ...goodEnv, IMP_SECRET: 'wrong', PORT: 'eighty' });
    assert.equal(broken.code, 1);
    assert.match(broken.out, /^\[FAIL\] PORT: must be a port number/m);
    assert.match(broken.out, /^\[FAIL\] IMP_KEY\/IMP_SECRET: refused/m);
    assert.doesNotMatch(broken.out + broken.err, /\n\s+at /);
    assert.equal(broken.err, '');
  });
});
