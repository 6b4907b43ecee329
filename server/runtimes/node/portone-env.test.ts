// PORTONE_* in the environment: PortOne V2 is chosen by configuration alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createServer } from '../../app/create-server.ts';
import { silentLogger } from '../../app/logger.ts';
import { readEnvConfig } from './env-config.ts';
import { nodeServerOptions } from './node-server-options.ts';

const SECRETS = {
  IMPCARD_TOKEN_SECRET: 'env-token-secret-0123456789abcdef0123',
  IMPCARD_API_KEY: 'env-api-key-0123456789',
};
const V2 = {
  ...SECRETS,
  PORTONE_API_SECRET: 'portone-secret',
  PORTONE_API_URL: 'http://127.0.0.1:9',
  PORTONE_STORE_ID: 'store-1',
  PORTONE_CHANNEL_KEY: 'channel-key-1',
  PORTONE_WEBHOOK_SECRET: 'whsec_c2VjcmV0',
};
const variablesOf = (env: Record<string, string>) =>
  readEnvConfig(env).problems.map((p) => p.variable);

describe('PORTONE_* variables', () => {
  it('PORTONE_API_SECRET selects V2: no sandbox, no i’mport client, the V2 options passed on', () => {
    const { config, problems } = readEnvConfig(V2);
    assert.deepEqual(problems, []);
    assert.equal(config.sandbox, false);
    const options = nodeServerOptions(config, {
      secrets: { tokenSecret: SECRETS.IMPCARD_TOKEN_SECRET, apiKey: SECRETS.IMPCARD_API_KEY },
      port: 8787,
      sandboxUrl: undefined,
      store: undefined,
      logger: silentLogger,
    });
    assert.equal(options.iamport, undefined);
    assert.deepEqual(
      [
        options.portoneApiSecret,
        options.portoneApiUrl,
        options.portoneStoreId,
        options.portoneChannelKey,
        options.portoneWebhookSecret,
      ],
      Object.values(V2).slice(2),
    );
    assert.doesNotThrow(() => createServer(options));
  });

  it('refuses V1 and V2 together, V2 without the server’s own secrets, and a URL that is none', () => {
    assert.deepEqual(variablesOf({ ...V2, IMP_KEY: 'k', IMP_SECRET: 's' }), ['PORTONE_API_SECRET']);
    assert.deepEqual(variablesOf({ PORTONE_API_SECRET: 'portone-secret' }), [
      'PORTONE_CHANNEL_KEY',
      'IMPCARD_TOKEN_SECRET',
      'IMPCARD_API_KEY',
    ]);
    assert.deepEqual(variablesOf({ ...V2, PORTONE_API_URL: 'api.portone.io' }), [
      'PORTONE_API_URL',
    ]);
  });

  it('IMPCARD_UPSTREAM=portone runs sandbox mode on V2; it must agree with the keys beside it', () => {
    const { config, problems } = readEnvConfig({ IMPCARD_UPSTREAM: 'portone' });
    assert.deepEqual(problems, []);
    assert.deepEqual([config.sandbox, config.sandboxUpstream], [true, 'portone']);
    const options = nodeServerOptions(
      { ...config, publicUrl: 'https://pay.example' },
      {
        secrets: { tokenSecret: SECRETS.IMPCARD_TOKEN_SECRET, apiKey: SECRETS.IMPCARD_API_KEY },
        port: 8787,
        sandboxUrl: 'http://127.0.0.1:8788',
        store: undefined,
        logger: silentLogger,
      },
    );
    assert.deepEqual(
      [options.iamport, options.portoneApiUrl, options.noticeUrl],
      [undefined, 'http://127.0.0.1:8788', 'https://pay.example/v1/webhooks/portone'],
    );
    assert.doesNotThrow(() => createServer(options));
    assert.equal(readEnvConfig({ ...V2, IMPCARD_UPSTREAM: 'portone' }).problems.length, 0);
    assert.deepEqual(variablesOf({ IMPCARD_UPSTREAM: 'v2' }), ['IMPCARD_UPSTREAM']);
    assert.deepEqual(variablesOf({ ...V2, IMPCARD_UPSTREAM: 'iamport' }), ['IMPCARD_UPSTREAM']);
  });
});
