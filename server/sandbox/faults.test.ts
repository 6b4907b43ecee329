import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createSandbox, SandboxConfigError, type ImpPayment } from './index.ts';
import {
  CARD_FIELDS,
  CARDS,
  CREDENTIALS,
  okResponse,
  startSandboxHarness,
  uid,
  type SandboxHarness,
} from '../testing/index.ts';

describe('fault injection and test controls', () => {
  let h: SandboxHarness;
  before(async () => {
    h = await startSandboxHarness({ testControls: true });
  });
  after(() => h.close());

  const onetimeBody = (merchantUid: string) => ({
    ...CARD_FIELDS,
    card_number: CARDS.approved,
    amount: 1000,
    merchant_uid: merchantUid,
  });
  const rawPost = async (path: string, body: unknown, signal?: AbortSignal) =>
    fetch(h.url + path, {
      method: 'POST',
      headers: { authorization: await h.token(), 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: signal ?? null,
    });
  const control = async (path: string, body?: unknown) => {
    const res = await fetch(
      h.url + path,
      body === undefined
        ? {}
        : {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          },
    );
    return {
      status: res.status,
      body: (await res.json()) as { code: number; message: string | null; response: unknown },
    };
  };

  it('delay: answers after the delay and commits', async () => {
    await h.token();
    h.running.sandbox.injectFault({ kind: 'delay', ms: 300, path: '/subscribe/payments/onetime' });
    const started = Date.now();
    okResponse(await h.post('/subscribe/payments/onetime', onetimeBody(uid('delay'))));
    assert.ok(Date.now() - started >= 290);
    const quick = Date.now();
    okResponse(await h.post('/subscribe/payments/onetime', onetimeBody(uid('delay'))));
    assert.ok(Date.now() - quick < 250, 'only the next matching request was delayed');
  });

  it('delay: a client that gives up early still leaves the payment committed', async () => {
    const merchantUid = uid('late');
    h.running.sandbox.injectFault({ kind: 'delay', ms: 300, path: '/subscribe/payments/onetime' });
    await assert.rejects(
      rawPost('/subscribe/payments/onetime', onetimeBody(merchantUid), AbortSignal.timeout(100)),
      { name: 'TimeoutError' },
    );
    assert.deepEqual(h.running.sandbox.attempts(merchantUid), []);
    await new Promise((r) => setTimeout(r, 400));
    assert.deepEqual(
      h.running.sandbox.attempts(merchantUid).map((a) => a.status),
      ['paid'],
    );
  });

  it('error500: answers 500 and commits nothing, for `times` requests', async () => {
    const merchantUid = uid('e500');
    h.running.sandbox.injectFault({
      kind: 'error500',
      method: 'post',
      path: '/subscribe/payments/*',
      times: 2,
    });
    for (let i = 0; i < 2; i++) {
      const res = await rawPost('/subscribe/payments/onetime', onetimeBody(merchantUid));
      assert.equal(res.status, 500);
      assert.equal(((await res.json()) as { code: number }).code, -1);
    }
    assert.deepEqual(h.running.sandbox.attempts(merchantUid), []);
    okResponse(await h.post('/subscribe/payments/onetime', onetimeBody(merchantUid)));
    assert.equal(h.running.sandbox.attempts(merchantUid).length, 1);
  });

  it('hang: never answers until the client gives up, and commits nothing', async () => {
    const merchantUid = uid('hang');
    h.running.sandbox.injectFault({ kind: 'hang', path: '/subscribe/payments/onetime' });
    const started = Date.now();
    await assert.rejects(
      rawPost('/subscribe/payments/onetime', onetimeBody(merchantUid), AbortSignal.timeout(400)),
      { name: 'TimeoutError' },
    );
    assert.ok(Date.now() - started >= 390);
    assert.deepEqual(h.running.sandbox.attempts(merchantUid), []);
    assert.equal((await h.get(`/payments/find/${merchantUid}`)).status, 404);
  });

  it('drop: commits the payment, then destroys the socket with no response', async () => {
    const merchantUid = uid('drop');
    h.running.sandbox.injectFault({ kind: 'drop', path: '/subscribe/payments/onetime' });
    await assert.rejects(
      rawPost('/subscribe/payments/onetime', onetimeBody(merchantUid)),
      TypeError,
    );
    const found = okResponse(await h.get<ImpPayment>(`/payments/find/${merchantUid}`));
    assert.equal(found.status, 'paid');
    assert.deepEqual(
      h.running.sandbox.attempts(merchantUid).map((a) => a.status),
      ['paid'],
    );
  });

  it('faults match method and path; unmatched requests pass', async () => {
    h.running.sandbox.injectFault({ kind: 'error500', method: 'GET', path: '/payments/find/*' });
    okResponse(await h.post('/users/getToken', CREDENTIALS, { noAuth: true }));
    const res = await fetch(`${h.url}/payments/find/anything`, {
      headers: { authorization: await h.token() },
    });
    assert.equal(res.status, 500);
    assert.equal((await h.get('/payments/find/anything')).status, 404);
  });

  it('POST /__sandbox/faults takes a FaultSpec, refuses bad ones; GET lists pending', async () => {
    const accepted = await control('/__sandbox/faults', {
      kind: 'error500',
      path: '/users/getToken',
      times: 3,
    });
    assert.equal(accepted.status, 200);
    assert.deepEqual((await control('/__sandbox/faults')).body.response, [
      { kind: 'error500', path: '/users/getToken', times: 3 },
    ]);
    for (const bad of [
      { kind: 'explode' },
      { kind: 'delay', ms: -1 },
      { kind: 'hang', times: 0 },
      { kind: 'drop', path: 'no-slash' },
      { kind: 'drop', extra: 1 },
    ]) {
      const refused = await control('/__sandbox/faults', bad);
      assert.equal(refused.status, 400, JSON.stringify(bad));
      assert.equal(refused.body.code, 1);
    }
    assert.throws(
      () => h.running.sandbox.injectFault({ kind: 'nope' as 'hang' }),
      SandboxConfigError,
    );
    // Controls are never faulted, even by a catch-all fault.
    h.running.sandbox.injectFault({ kind: 'error500' });
    assert.equal((await control('/__sandbox/faults')).status, 200);
    assert.equal((await control('/__sandbox/reset', {})).status, 200);
    assert.deepEqual((await control('/__sandbox/faults')).body.response, []);
  });

  it('lists attempts, counts calls, and resets everything', async () => {
    const merchantUid = uid('ctl');
    await h.post('/subscribe/payments/onetime', {
      ...onetimeBody(merchantUid),
      card_number: CARDS.declined,
    });
    await h.post('/subscribe/payments/onetime', onetimeBody(merchantUid));
    const listed = await control(`/__sandbox/payments?merchant_uid=${merchantUid}`);
    const attempts = listed.body.response as { status: string; outcome: string; amount: number }[];
    assert.deepEqual(
      attempts.map((a) => [a.status, a.outcome, a.amount]),
      [
        ['failed', 'declined', 1000],
        ['paid', 'paid', 1000],
      ],
    );

    const before = h.running.sandbox.callCount('/users/getToken');
    okResponse(await h.post('/users/getToken', CREDENTIALS, { noAuth: true }));
    assert.equal(h.running.sandbox.callCount('/users/getToken'), before + 1);
    assert.equal(h.running.sandbox.callCount('/users/getToken', 'GET'), 0);
    assert.ok(h.running.sandbox.callCount('/subscribe/payments/*', 'POST') >= 2);
    const counted = await control('/__sandbox/calls?path=/users/getToken&method=POST');
    assert.equal((counted.body.response as { count: number }).count, before + 1);

    await control('/__sandbox/reset', {});
    assert.deepEqual(h.running.sandbox.attempts(merchantUid), []);
    assert.equal(h.running.sandbox.callCount('/users/getToken'), 0);
    // Tokens are forgotten too: the old one no longer works.
    const res = await fetch(`${h.url}/payments/find/x`, {
      headers: { authorization: await h.token() },
    });
    assert.equal(res.status, 401);
  });

  it('close() ends hanging requests instead of waiting for them', async () => {
    const own = await startSandboxHarness();
    await own.token();
    own.running.sandbox.injectFault({ kind: 'hang' });
    const pending = new Promise<string>((resolve) => {
      const req = request(`${own.url}/payments/find/x`, (res) => {
        res.resume();
        res.on('end', () => resolve(`answered ${res.statusCode}`));
      });
      req.on('error', () => resolve('connection closed'));
      req.end();
    });
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await own.close();
    assert.ok(Date.now() - started < 1000);
    assert.match(await pending, /closed|answered 503/);
  });

  it('in-process app.request() works too, drop included', async () => {
    const sandbox = createSandbox();
    const tokenRes = await sandbox.app.request('/users/getToken', {
      method: 'POST',
      body: new URLSearchParams(CREDENTIALS),
    });
    const token = ((await tokenRes.json()) as { response: { access_token: string } }).response
      .access_token;
    sandbox.injectFault({ kind: 'drop' });
    const dropped = await sandbox.app.request('/subscribe/payments/onetime', {
      method: 'POST',
      headers: { 'x-imptokenheader': token, 'content-type': 'application/json' },
      body: JSON.stringify(onetimeBody('inproc')),
    });
    await assert.rejects(dropped.text());
    assert.deepEqual(
      sandbox.attempts('inproc').map((a) => a.status),
      ['paid'],
    );
  });
});
