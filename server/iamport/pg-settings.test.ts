// GET /users/pg (the console's PG channels) through the real client against the sandbox over HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startIamportHarness, type IamportHarness } from '../testing/index.ts';
import { ImpPgSettingSchema } from './index.ts';
import * as v from 'valibot';

describe('listPgSettings', () => {
  let h: IamportHarness;
  before(async () => {
    h = await startIamportHarness();
  });
  after(() => h.running.close());

  it("lists the sandbox's key-in test channels with their MIDs", async () => {
    const settings = await h.client.listPgSettings();
    const kcp = settings.find((s) => s.pg_provider === 'kcp');
    assert.deepEqual(kcp && { pg_id: kcp.pg_id, sandbox: kcp.sandbox, type: kcp.type }, {
      pg_id: 'T0000',
      sandbox: true,
      type: 'api_payment',
    });
    assert.ok(settings.every((s) => s.type === 'api_payment' && s.sandbox));
    assert.equal(h.running.sandbox.callCount('/users/pg', 'GET'), 1);
  });

  it("reads a type i'mport adds later as unrecognised, and a missing MID and flag as empty and live", () => {
    const parsed = v.parse(ImpPgSettingSchema, {
      pg_provider: 'nice_v2',
      type: 'escrow_v3',
    });
    assert.deepEqual(
      { pg_id: parsed.pg_id, sandbox: parsed.sandbox, type: parsed.type },
      { pg_id: '', sandbox: false, type: 'unrecognised' },
    );
  });

  it('refuses wrong keys with UPSTREAM_AUTH_FAILED before asking', async () => {
    const wrong = h.another({ impSecret: 'not-the-secret' });
    await assert.rejects(wrong.listPgSettings(), { code: 'UPSTREAM_AUTH_FAILED' });
  });
});
