import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  assertRefused,
  CREDENTIALS,
  formEncode,
  okResponse,
  startSandboxHarness,
  type SandboxHarness,
} from '../testing/index.ts';

interface TokenResponse {
  access_token: string;
  now: number;
  expired_at: number;
}

describe('POST /users/getToken', () => {
  let clock = Date.UTC(2030, 0, 1);
  let h: SandboxHarness;
  before(async () => {
    h = await startSandboxHarness({ now: () => clock });
  });
  after(() => h.close());

  const getToken = (body: unknown = CREDENTIALS, form = false) =>
    h.post<TokenResponse>('/users/getToken', body, { noAuth: true, form });

  it('issues a 30-minute token with exactly access_token, now, expired_at', async () => {
    h.running.sandbox.reset();
    const token = okResponse(await getToken());
    assert.deepEqual(Object.keys(token).sort(), ['access_token', 'expired_at', 'now']);
    assert.equal(token.now, clock / 1000);
    assert.equal(token.expired_at - token.now, 1800);
    assert.match(token.access_token, /^[0-9a-f]{40}$/);
  });

  it('accepts JSON with a charset and form bodies alike', async () => {
    h.running.sandbox.reset();
    const json = okResponse(
      await h.post<TokenResponse>('/users/getToken', JSON.stringify(CREDENTIALS), {
        noAuth: true,
        headers: { 'content-type': 'application/json; charset=UTF-8' },
      }),
    );
    const form = okResponse(await getToken(CREDENTIALS, true));
    const noType = okResponse(
      await h.post<TokenResponse>('/users/getToken', formEncode(CREDENTIALS), {
        noAuth: true,
        headers: { 'content-type': '' },
      }),
    );
    assert.equal(form.access_token, json.access_token);
    assert.equal(noType.access_token, json.access_token);
  });

  it('hands out the same token until expiry, extending it by 5 minutes in its last minute', async () => {
    h.running.sandbox.reset();
    const first = okResponse(await getToken());
    clock += 20 * 60_000;
    const reused = okResponse(await getToken());
    assert.equal(reused.access_token, first.access_token);
    assert.equal(reused.expired_at, first.expired_at);
    assert.equal(reused.expired_at - reused.now, 600);

    clock += 9 * 60_000 + 30_000; // 30 s left
    const extended = okResponse(await getToken());
    assert.equal(extended.access_token, first.access_token);
    assert.equal(extended.expired_at, first.expired_at + 300);

    // Right after the extension the token is still usable on the API.
    const check = await h.get('/payments/imps_000000000000', {
      noAuth: true,
      headers: { authorization: `Bearer ${first.access_token}` },
    });
    assert.equal(check.status, 404);

    clock = (extended.expired_at + 1) * 1000;
    const expiredUse = await h.get('/payments/imps_000000000000', {
      noAuth: true,
      headers: { authorization: `Bearer ${first.access_token}` },
    });
    assertRefused(expiredUse, -1, 401, 'Unauthorized');

    const fresh = okResponse(await getToken());
    assert.notEqual(fresh.access_token, first.access_token);
    assert.equal(fresh.expired_at - fresh.now, 1800);
  });

  it('answers 401 to wrong keys', async () => {
    assertRefused(await getToken({ imp_key: 'sandbox_imp_key', imp_secret: 'wrong' }), -1, 401);
    assertRefused(
      await getToken({ imp_key: 'wrong', imp_secret: 'sandbox_imp_secret' }, true),
      -1,
      401,
    );
  });

  it('names the missing keys', async () => {
    assertRefused(await getToken({}), -1, 400, 'imp_key, imp_secret 파라메터가 누락되었습니다.');
    assertRefused(
      await getToken({ imp_key: 'sandbox_imp_key' }),
      -1,
      400,
      'imp_secret 파라메터가 누락되었습니다.',
    );
    assertRefused(await getToken({ imp_key: 5, imp_secret: [] }), 1, 200, /imp_key/);
  });

  it('honours custom credentials', async () => {
    const custom = await startSandboxHarness({ impKey: 'k', impSecret: 's' });
    try {
      assertRefused(await custom.post('/users/getToken', CREDENTIALS, { noAuth: true }), -1, 401);
      okResponse(
        await custom.post('/users/getToken', { imp_key: 'k', imp_secret: 's' }, { noAuth: true }),
      );
    } finally {
      await custom.close();
    }
  });
});
